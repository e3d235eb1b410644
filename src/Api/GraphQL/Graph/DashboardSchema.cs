using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

/// <summary>The GraphQL schema of /graphql (code-first); its SDL is served at /graphql/schema.graphql.</summary>
public sealed class DashboardSchema : Schema
{
    public DashboardSchema(IServiceProvider services, QueryGraphType query, MutationGraphType mutation, SubscriptionGraphType subscription)
        : base(services)
    {
        Description = "Dashboard Factory: cockpits, features, campaigns and KPIs, with live KPI values, cockpit updates and alerts.";
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
    }
}
