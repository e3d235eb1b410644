using DashboardFactory.Api.GraphQL.Graph;
using DashboardFactory.Api.GraphQL.Transport;
using GraphQL;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.GraphQL;

public static class GraphQLExtensions
{
    /// <summary>The schema, GraphQL.NET with System.Text.Json and the configured depth and complexity limits, and the transport.</summary>
    public static IServiceCollection AddDashboardFactoryGraphQL(this IServiceCollection services)
    {
        services.AddOptions<GraphQLOptions>().BindConfiguration(GraphQLOptions.Section)
            .Validate(o => o.IsValid(), "GraphQL: MaxDepth 2..100, MaxComplexity >= 10, MaxDocumentBytes 256 B..1 MiB, "
                + "MaxRequestBytes from MaxDocumentBytes to 16 MiB, MaxSubscriptionsPerConnection 1..1000, ConnectionInitTimeout in (0, 5 min].")
            .ValidateOnStart();
        services.AddGraphQL(graphql => graphql
            .AddSchema<DashboardSchema>()
            .AddGraphTypes(typeof(DashboardSchema).Assembly)
            .AddSystemTextJson()
            .AddComplexityAnalyzer((complexity, provider) =>
            {
                var limits = provider.GetRequiredService<IOptions<GraphQLOptions>>().Value;
                complexity.MaxDepth = limits.MaxDepth;
                complexity.MaxComplexity = limits.MaxComplexity;
            })
            .AddUnhandledExceptionHandler(GraphQLExceptions.HandleAsync));
        services.AddSingleton<GraphQLRunner>();
        services.AddSingleton<GraphQLWebSocketHandler>();
        return services;
    }
}
