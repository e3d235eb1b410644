using DashboardFactory.Alerts;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class AlertGraphType : ObjectGraphType<AlertEvent>
{
    public AlertGraphType()
    {
        Name = "Alert";
        Description = "Something an admin should see now: a stage change, a halted campaign, a rollback (the hub's alert).";
        Field<NonNullGraphType<StringGraphType>, string>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>, string>("message").Resolve(c => c.Source.Message);
        Field<IdGraphType, string>("featureId").Resolve(c => c.Source.FeatureId);
        Field<IdGraphType, string>("cockpitId").Resolve(c => c.Source.CockpitId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>, DateTimeOffset>("at").Resolve(c => c.Source.At);
    }
}
