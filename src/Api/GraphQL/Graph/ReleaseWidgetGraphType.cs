using System.Text.Json.Nodes;
using DashboardFactory.Cockpits;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class ReleaseWidgetGraphType : ObjectGraphType<WidgetRelease>
{
    public ReleaseWidgetGraphType()
    {
        Name = "ReleaseWidget";
        Description = "The widget a release places on cockpits.";
        Field<NonNullGraphType<StringGraphType>, string>("type").Resolve(c => c.Source.Type);
        Field<NonNullGraphType<StringGraphType>, string>("title").Resolve(c => c.Source.Title);
        Field<NonNullGraphType<IntGraphType>, int>("w").Resolve(c => c.Source.W);
        Field<NonNullGraphType<IntGraphType>, int>("h").Resolve(c => c.Source.H);
        Field<NonNullGraphType<StringGraphType>, string>("html").Resolve(c => c.Source.Html);
        Field<NonNullGraphType<StringGraphType>, string>("css").Resolve(c => c.Source.Css);
        Field<JsonGraphType, object>("config").Resolve(c => JsonNode.Parse(c.Source.ConfigJson));
    }
}
