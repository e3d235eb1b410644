namespace DashboardFactory.IntegrationTests.GraphQL;

/// <summary>Documents that break a limit, shared by the HTTP and WebSocket tests.</summary>
public static class GraphQLQueries
{
    /// <summary>Twelve levels deep (introspection nests as deep as asked), beyond the default GraphQL:MaxDepth of 10.</summary>
    public const string TooDeep = "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }";

    /// <summary>500 cockpits with their widgets and their features' releases: far beyond GraphQL:MaxComplexity.</summary>
    public const string TooComplex =
        "{ cockpits(first: 500) { items { id widgets { id type title config html css x y w h } installedFeatures { feature { name releases { version } } } } } }";
}
