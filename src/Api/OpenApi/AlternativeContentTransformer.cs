using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DashboardFactory.Api.OpenApi;

/// <summary>
/// Adds the media types of <see cref="AlternativeContent"/> metadata beside what the typed results declare: a second
/// <c>Produces</c> for the same status would replace the first, where the answer really is either one (JSON or CSV
/// by <c>Accept</c>).
/// </summary>
internal sealed class AlternativeContentTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var alternative in context.Description.ActionDescriptor.EndpointMetadata.OfType<AlternativeContent>())
        {
            operation.Responses ??= [];
            var status = alternative.Status.ToString(CultureInfo.InvariantCulture);
            if (!operation.Responses.TryGetValue(status, out var declared) || declared is not OpenApiResponse response)
            {
                operation.Responses[status] = response = new OpenApiResponse { Description = "OK" };
            }

            response.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
            response.Content[alternative.ContentType] = new OpenApiMediaType
            {
                Schema = await context.GetOrCreateSchemaAsync(alternative.Type, null, cancellationToken),
            };
        }
    }
}
