using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DashboardFactory.Api.Health;

/// <summary>
/// Describes /health/live and /health/ready in the OpenAPI document: health-check endpoints are not route handlers,
/// so the generator does not see them. Both are anonymous GETs answering <see cref="HealthReportResponse"/>, 200 when
/// healthy and 503 when a check is not.
/// </summary>
internal sealed class HealthDocumentTransformer : IOpenApiDocumentTransformer
{
    private const string SchemaId = nameof(HealthReportResponse);
    private const string Tag = "Health";

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        document.Components.Schemas[SchemaId] = await context.GetOrCreateSchemaAsync(typeof(HealthReportResponse), null, cancellationToken);
        document.Tags ??= new HashSet<OpenApiTag>();
        if (!document.Tags.Any(t => t.Name == Tag))
        {
            document.Tags.Add(new OpenApiTag { Name = Tag });
        }

        document.Paths ??= [];
        document.Paths[HealthApi.LivePath] = PathItem(document, "Liveness: the process serves HTTP (no checks).");
        document.Paths[HealthApi.ReadyPath] = PathItem(document, "Readiness: the cluster and its storage answer (checks cluster and storage).");
    }

    private static OpenApiPathItem PathItem(OpenApiDocument document, string summary) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                Tags = new HashSet<OpenApiTagReference> { new(Tag, document) },
                Summary = summary,
                Responses = new OpenApiResponses
                {
                    ["200"] = Report(document, "Healthy."),
                    ["503"] = Report(document, "A check is degraded or unhealthy."),
                },
            },
        },
    };

    private static OpenApiResponse Report(OpenApiDocument document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
        {
            ["application/json"] = new() { Schema = new OpenApiSchemaReference(SchemaId, document) },
        },
    };
}
