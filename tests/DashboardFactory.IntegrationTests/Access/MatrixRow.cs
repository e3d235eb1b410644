namespace DashboardFactory.IntegrationTests.Access;

/// <summary>
/// One row of the authorization matrix: an entry point (an HTTP method and route pattern as the app registers it, a
/// hub method, or a GraphQL root field) and the one status each caller gets. By default the request is the pattern
/// with its parameters filled from the fixture and no body; a row says what else it needs.
/// </summary>
public sealed record MatrixRow(string Method, string Pattern, int Anonymous, int Owner, int OtherOperator, int Optimizer, int Admin)
{
    /// <summary>The path to call instead of the filled pattern (a row that needs another fixture entity than the default).</summary>
    public Func<AuthorizationApp, string>? Path { get; init; }

    /// <summary>The method to send for a row whose endpoint takes any method (<c>*</c>); GET unless said.</summary>
    public string Send { get; init; } = "GET";

    /// <summary>Appended to the path, e.g. <c>?period=minute</c>.</summary>
    public string Query { get; init; } = string.Empty;

    public Func<AuthorizationApp, MatrixCaller, HttpContent>? Body { get; init; }

    /// <summary>Sees each answer's status and body (the owner's token rotation hands the new token on).</summary>
    public Action<AuthorizationApp, MatrixCaller, int, string>? Answered { get; init; }

    /// <summary>For entry points that are not a plain HTTP request (hub methods, GraphQL fields): the status they come to.</summary>
    public Func<AuthorizationApp, MatrixCaller, Task<int>>? Probe { get; init; }

    public string Key => $"{Method} {Pattern}";

    public int Expected(MatrixCaller caller) => caller switch
    {
        MatrixCaller.Anonymous => Anonymous,
        MatrixCaller.Owner => Owner,
        MatrixCaller.OtherOperator => OtherOperator,
        MatrixCaller.Optimizer => Optimizer,
        _ => Admin,
    };
}
