using System.Security.Claims;
using DashboardFactory.Api.GraphQL.Batching;
using DashboardFactory.Api.Streams;
using global::GraphQL;

namespace DashboardFactory.Api.GraphQL;

public static class ResolveContextExtensions
{
    public static GraphQLRequestContext Request(this IResolveFieldContext context) =>
        context.UserContext as GraphQLRequestContext
        ?? throw new InvalidOperationException("GraphQL operations run through GraphQLRunner, which sets the request context.");

    public static ClaimsPrincipal Caller(this IResolveFieldContext context) => context.Request().Caller;

    public static GrainLoaders Loaders(this IResolveFieldContext context) => context.Request().Loaders;

    /// <summary>
    /// Refuses (FORBIDDEN) a caller signed in with a stream ticket whose scope is not <paramref name="kind"/>:<paramref name="id"/>
    /// (<paramref name="id"/> null for "alerts"). A caller signed in with a token passes.
    /// </summary>
    public static void RequireTicketScope(this IResolveFieldContext context, string kind, string? id)
    {
        if (TicketAuthenticator.ScopeOf(context.Caller()) is { } scope && (scope.Kind != kind || scope.Id != id))
        {
            throw GraphQLErrors.Forbidden($"This connection was opened with a ticket for '{scope}'; {new StreamScope(kind, id)} is outside it.");
        }
    }
}
