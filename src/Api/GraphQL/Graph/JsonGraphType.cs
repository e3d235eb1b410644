using System.Text.Json.Nodes;
using GraphQL.Types;
using GraphQLParser.AST;

namespace DashboardFactory.Api.GraphQL.Graph;

/// <summary>
/// Free-form JSON (a widget's config, a cockpit's theme): written exactly as the document holds it, as REST does.
/// Output only.
/// </summary>
public sealed class JsonGraphType : ScalarGraphType
{
    public JsonGraphType()
    {
        Name = "JSON";
        Description = "Free-form JSON, exactly as the cockpit document holds it (output only).";
    }

    public override object? Serialize(object? value) => value as JsonNode;

    public override object? ParseValue(object? value) => throw new InvalidOperationException("JSON is an output type.");

    public override object? ParseLiteral(GraphQLValue value) => throw new InvalidOperationException("JSON is an output type.");

    public override bool CanParseLiteral(GraphQLValue value) => false;

    public override bool CanParseValue(object? value) => false;
}
