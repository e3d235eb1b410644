using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DashboardFactory.Api.OpenApi;

/// <summary>
/// Adds the refusals that the edge answers before or around any handler, so no handler has to repeat them: 401 without a
/// valid token, 403 where a role policy guards the endpoint, 429 (failed authentication per address, per-token limits),
/// 503 when the cluster or its database is briefly unavailable, and for a body 400 (unreadable), 413 (over its limit)
/// and 415 (not JSON). Each is a ProblemDetails (<see cref="ProblemContentTransformer"/> gives them their content).
/// </summary>
internal sealed class EdgeProblemsTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
        {
            return Task.CompletedTask;
        }

        Add(operation, StatusCodes.Status401Unauthorized, "No valid token (Authorization: Bearer, or a ticket where streams take one).");
        if (authorize.Any(a => a.Policy is not null || a.Roles is not null))
        {
            Add(operation, StatusCodes.Status403Forbidden, "The caller's role may not do this.");
        }

        Add(operation, StatusCodes.Status429TooManyRequests, "A rate limit was reached; Retry-After says when to try again.");
        Add(operation, StatusCodes.Status503ServiceUnavailable, "The cluster or its database is briefly unavailable; Retry-After says when to try again.");
        if (operation.RequestBody is not null)
        {
            Add(operation, StatusCodes.Status400BadRequest, "The body is not valid JSON of the expected shape.");
            Add(operation, StatusCodes.Status413PayloadTooLarge, "The body is larger than its configured limit.");
            Add(operation, StatusCodes.Status415UnsupportedMediaType, "The body is not sent as a media type this operation takes.");
        }

        return Task.CompletedTask;
    }

    private static void Add(OpenApiOperation operation, int status, string description)
    {
        operation.Responses ??= [];
        operation.Responses.TryAdd(status.ToString(CultureInfo.InvariantCulture), new OpenApiResponse { Description = description });
    }
}
