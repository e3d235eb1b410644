using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DashboardFactory.Api.OpenApi;

/// <summary>
/// Every refusal leaves as RFC 9457 ProblemDetails (UseStatusCodePages turns even an empty 404 into one), so an error
/// response that a typed result declared without content (NotFound, Forbid, a status code) gets that content here.
/// </summary>
internal sealed class ProblemContentTransformer : IOpenApiDocumentTransformer
{
    public const string ContentType = "application/problem+json";

    private const string SchemaId = nameof(ProblemDetails);

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var bare = (document.Paths ?? [])
            .SelectMany(p => p.Value.Operations ?? [])
            .SelectMany(o => o.Value.Responses ?? [])
            .Where(r => int.TryParse(r.Key, out var status) && status >= 400 && r.Value.Content is not { Count: > 0 })
            .Select(r => r.Value)
            .OfType<OpenApiResponse>()
            .ToList();
        if (bare.Count == 0)
        {
            return;
        }

        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        if (!document.Components.Schemas.ContainsKey(SchemaId))
        {
            document.Components.Schemas[SchemaId] = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
        }

        foreach (var response in bare)
        {
            response.Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [ContentType] = new() { Schema = new OpenApiSchemaReference(SchemaId, document) },
            };
        }
    }
}
