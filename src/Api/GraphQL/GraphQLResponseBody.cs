using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DashboardFactory.Api.GraphQL;

/// <summary>
/// What POST /graphql answers, for the OpenAPI document (GraphQL over HTTP): <c>data</c> shaped by the query, and
/// <c>errors</c> (each with <c>message</c> and an <c>extensions.code</c> naming REST's status) when any field was
/// refused or the document is invalid. The GraphQL serializer writes it; each member is left out when it has none.
/// </summary>
public sealed class GraphQLResponseBody
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<JsonObject>? Errors { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Data { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Extensions { get; init; }
}
