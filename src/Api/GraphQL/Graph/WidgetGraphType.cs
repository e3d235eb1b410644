using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class WidgetGraphType : ObjectGraphType<WidgetNode>
{
    public WidgetGraphType()
    {
        Name = "Widget";
        Description = "A widget on a cockpit: placed by the factory (featureId set) or added by the operator.";
        Field<NonNullGraphType<IdGraphType>, string>("id").Description("The widget's key in the cockpit document.").Resolve(c => c.Source.Id);
        Field<IdGraphType, string>("featureId").Description("The feature that placed it; null for the operator's own widgets.").Resolve(c => c.Source.Text("featureId"));
        Field<StringGraphType, string>("featureVersion").Resolve(c => c.Source.Text("featureVersion"));
        Field<StringGraphType, string>("type").Description("stat_card, line_chart, table, html, ...").Resolve(c => c.Source.Text("type"));
        Field<StringGraphType, string>("title").Resolve(c => c.Source.Text("title"));
        Field<IntGraphType, int?>("x").Description("Column in the 12-column grid.").Resolve(c => c.Source.Number("x"));
        Field<IntGraphType, int?>("y").Resolve(c => c.Source.Number("y"));
        Field<IntGraphType, int?>("w").Resolve(c => c.Source.Number("w"));
        Field<IntGraphType, int?>("h").Resolve(c => c.Source.Number("h"));
        Field<StringGraphType, string>("quadrant").Resolve(c => c.Source.Text("quadrant"));
        Field<JsonGraphType, object>("config").Description("Free-form settings, e.g. {kpi, period}.").Resolve(c => c.Source.Fields["config"]);
        Field<StringGraphType, string>("html").Resolve(c => c.Source.Text("html"));
        Field<StringGraphType, string>("css").Resolve(c => c.Source.Text("css"));
        Field<BooleanGraphType, bool?>("hidden").Resolve(c => c.Source.Flag("hidden"));
    }
}
