using System.Security.Claims;
using DashboardFactory.Api.GraphQL.Batching;
using global::GraphQL;

namespace DashboardFactory.Api.GraphQL;

public static class ResolveContextExtensions
{
    public static GraphQLRequestContext Request(this IResolveFieldContext context) =>
        context.UserContext as GraphQLRequestContext
        ?? throw new InvalidOperationException("GraphQL operations run through GraphQLRunner, which sets the request context.");

    public static ClaimsPrincipal Caller(this IResolveFieldContext context) => context.Request().Caller;

    public static GrainLoaders Loaders(this IResolveFieldContext context) => context.Request().Loaders;
}
