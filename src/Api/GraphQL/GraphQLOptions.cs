namespace DashboardFactory.Api.GraphQL;

/// <summary>The "GraphQL" section: limits of /graphql over HTTP and WebSocket. Defaults serve the embedded mode.</summary>
public sealed class GraphQLOptions
{
    public const string Section = "GraphQL";

    /// <summary>Deepest field nesting a document may select (fragments counted where they are spread).</summary>
    public int MaxDepth { get; set; } = 10;

    /// <summary>
    /// Highest estimated cost of a document: one per field, lists multiplied by their <c>first</c> argument or by
    /// 20 (a cockpit's widgets by 10). 100 cockpits with a dozen fields of their widgets stay well inside.
    /// </summary>
    public int MaxComplexity { get; set; } = 20_000;

    /// <summary>Largest query text, in UTF-8 bytes.</summary>
    public int MaxDocumentBytes { get; set; } = 16 * 1024;

    /// <summary>Largest HTTP request body or WebSocket message (query, variables and envelope), in bytes.</summary>
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Operations one WebSocket connection may run at once; one more is refused with an error message.</summary>
    public int MaxSubscriptionsPerConnection { get; set; } = 16;

    /// <summary>How long a new WebSocket may take to send connection_init before it is closed with 4408.</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsValid() =>
        MaxDepth is >= 2 and <= 100
        && MaxComplexity >= 10
        && MaxDocumentBytes is >= 256 and <= 1024 * 1024
        && MaxRequestBytes >= MaxDocumentBytes && MaxRequestBytes <= 16 * 1024 * 1024
        && MaxSubscriptionsPerConnection is >= 1 and <= 1000
        && ConnectionInitTimeout > TimeSpan.Zero && ConnectionInitTimeout <= TimeSpan.FromMinutes(5);
}
