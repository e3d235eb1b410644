using DashboardFactory.Cockpits;
using DashboardFactory.Features;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class ReleaseGraphType : ObjectGraphType<ReleaseView>
{
    public ReleaseGraphType()
    {
        Name = "Release";
        Description = "One release of a feature, as GET /api/features/{id} lists it.";
        Field<NonNullGraphType<StringGraphType>, string>("version").Resolve(c => c.Source.Record.Spec.Version);
        Field<NonNullGraphType<ChangeTypeGraphType>, ChangeType>("changeType").Resolve(c => c.Source.Record.Spec.ChangeType);
        Field<NonNullGraphType<ReleaseWidgetGraphType>, WidgetRelease>("widget").Resolve(c => c.Source.Record.Spec.Widget);
        Field<NonNullGraphType<StringGraphType>, string>("injectionMode").Description("append, smart or quadrant.").Resolve(c => c.Source.Record.Spec.Injection.ToString().ToLowerInvariant());
        Field<StringGraphType, string>("quadrant").Resolve(c => c.Source.Record.Spec.Quadrant);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>, IEnumerable<string>>("dependencies").Resolve(c => c.Source.Record.Spec.Dependencies);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>, IEnumerable<string>>("cohorts").Resolve(c => c.Source.Record.Spec.Cohorts);
        Field<StringGraphType, string>("migrationGuide").Resolve(c => c.Source.Record.Spec.MigrationGuide);
        Field<StringGraphType, string>("deprecationNotice").Resolve(c => c.Source.Record.Spec.DeprecationNotice);
        Field<NonNullGraphType<IdGraphType>, string>("proposedBy").Resolve(c => c.Source.Record.ProposedBy);
        Field<NonNullGraphType<DateTimeOffsetGraphType>, DateTimeOffset>("proposedAt").Resolve(c => c.Source.Record.ProposedAt);
        Field<IdGraphType, string>("approvedBy").Resolve(c => c.Source.Record.ApprovedBy);
        Field<DateTimeOffsetGraphType, DateTimeOffset?>("approvedAt").Resolve(c => c.Source.Record.ApprovedAt);
        Field<NonNullGraphType<BooleanGraphType>, bool>("propagatable").Description("Whether it may roll out now.").Resolve(c => c.Source.Propagatable);
    }
}
