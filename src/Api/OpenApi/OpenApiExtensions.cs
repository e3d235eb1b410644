using DashboardFactory.Api.Health;
using Microsoft.AspNetCore.Mvc;

namespace DashboardFactory.Api.OpenApi;

public static class OpenApiExtensions
{
    /// <summary>
    /// The OpenAPI document at /openapi/v1.json (API.md): request and response schemas from the handlers' typed
    /// results, every refusal the edge itself may answer, and required properties on every answer's schema.
    /// </summary>
    public static IServiceCollection AddDashboardFactoryOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer<ResponsePropertiesTransformer>();
            options.AddOperationTransformer<DocumentedBodyTransformer>();
            options.AddOperationTransformer<AlternativeContentTransformer>();
            options.AddOperationTransformer<EdgeProblemsTransformer>();
            options.AddDocumentTransformer<HealthDocumentTransformer>();
            options.AddDocumentTransformer<ProblemContentTransformer>();
        });

    /// <summary>
    /// Documents the body of an endpoint that reads it as JSON itself (a merge patch, a batch whose points are refused
    /// one by one) as <typeparamref name="T"/>, replacing the free-form object its handler's parameter would show.
    /// </summary>
    public static RouteHandlerBuilder WithBodySchema<T>(this RouteHandlerBuilder builder, params string[] contentTypes) =>
        builder.WithMetadata(new DocumentedBody(typeof(T), contentTypes.Length > 0 ? contentTypes : ["application/json"]));

    /// <summary>Declares that <paramref name="status"/> may also be answered as <paramref name="contentType"/> (e.g. CSV beside JSON).</summary>
    public static RouteHandlerBuilder AlsoProduces<T>(this RouteHandlerBuilder builder, int status, string contentType) =>
        builder.WithMetadata(new AlternativeContent(status, contentType, typeof(T)));

    /// <summary>Declares refusals (RFC 9457 ProblemDetails) this endpoint answers besides those its typed results name.</summary>
    public static TBuilder WithProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemContentTransformer.ContentType]));
        }

        return builder;
    }
}
