using System.Security.Claims;
using DashboardFactory.Api.GraphQL.Batching;

namespace DashboardFactory.Api.GraphQL;

/// <summary>
/// What one GraphQL operation carries to its resolvers: who asks, and the batch loaders that collect the grain
/// calls of a whole level of the result into one round (fresh per operation, so nothing is cached across them).
/// </summary>
public sealed class GraphQLRequestContext(ClaimsPrincipal caller, GrainLoaders loaders) : Dictionary<string, object?>
{
    public ClaimsPrincipal Caller { get; } = caller;

    public GrainLoaders Loaders { get; } = loaders;
}
