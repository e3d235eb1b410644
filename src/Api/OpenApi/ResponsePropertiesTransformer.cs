using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DashboardFactory.Api.OpenApi;

/// <summary>
/// Makes our answers' schemas say what the serializer writes. Every property is required: it is written on every
/// answer (null where it has no value), except those ignored when null, which stay optional. Numbers are numbers: the
/// generator allows numeric strings too because the API reads them, but it never writes one. Request records are
/// left alone: their fields are optional on the wire, and the handlers say which ones are missing.
/// </summary>
internal sealed class ResponsePropertiesTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is { } member)
        {
            if (IsAnswer(member.DeclaringType) && schema.Type is { } type
                && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0 && (type & JsonSchemaType.String) != 0)
            {
                schema.Type = type & ~JsonSchemaType.String;
                schema.Pattern = null;
            }

            return Task.CompletedTask;
        }

        var info = context.JsonTypeInfo;
        if (info.Kind != JsonTypeInfoKind.Object || !IsAnswer(info.Type) || schema.Properties is not { Count: > 0 })
        {
            return Task.CompletedTask;
        }

        schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in info.Properties.Where(p => p.Get is not null && !IgnoredWhenNull(p) && schema.Properties.ContainsKey(p.Name)))
        {
            schema.Required.Add(property.Name);
        }

        return Task.CompletedTask;
    }

    private static bool IsAnswer(Type type) =>
        type.Namespace?.StartsWith("DashboardFactory", StringComparison.Ordinal) == true && !type.Name.EndsWith("Request", StringComparison.Ordinal);

    private static bool IgnoredWhenNull(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
            .OfType<JsonIgnoreAttribute>().Any(a => a.Condition != JsonIgnoreCondition.Never) == true;
}
