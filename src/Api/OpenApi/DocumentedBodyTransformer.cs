using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DashboardFactory.Api.OpenApi;

/// <summary>Gives an operation with <see cref="DocumentedBody"/> metadata that request body, in place of what its parameters show.</summary>
internal sealed class DocumentedBodyTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedBody>().LastOrDefault() is not { } body)
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken);
        var content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
        foreach (var type in body.ContentTypes)
        {
            content[type] = new OpenApiMediaType { Schema = schema };
        }

        operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
    }
}
