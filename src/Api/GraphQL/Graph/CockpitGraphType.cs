using DashboardFactory.Api.Access;
using GraphQL;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class CockpitGraphType : ObjectGraphType<CockpitNode>
{
    public CockpitGraphType()
    {
        Name = "Cockpit";
        Description = "An operator's cockpit, as GET /api/cockpits/{id} shows it. Readable by its owner and admins only.";
        Field<NonNullGraphType<IdGraphType>, string>("id").Resolve(c => c.Source.View.Id);
        Field<NonNullGraphType<IdGraphType>, string>("ownerId").Resolve(c => c.Source.View.OwnerId);
        Field<UserGraphType>("owner")
            .Description("The owning user (loaded once per distinct owner of the whole result).")
            .Resolve(c => AccessPolicy.MayReadUser(c.Caller(), c.Source.View.OwnerId)
                ? c.Loaders().Users.Load(c.Source.View.OwnerId)
                : throw GraphQLErrors.Forbidden("Only that user and admins read a user record."));
        Field<StringGraphType, string>("title").Resolve(c => c.Source.Document["title"]?.GetValue<string>());
        Field<NonNullGraphType<StringGraphType>, string>("version").Description("Semver; SAFE bumps patch, REVIEWED minor, BREAKING major.").Resolve(c => c.Source.View.Version);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>, IEnumerable<string>>("cohorts").Resolve(c => c.Source.View.Cohorts);
        Field<NonNullGraphType<AutoUpdateGraphType>, DashboardFactory.Cockpits.AutoUpdatePolicy>("autoUpdate").Resolve(c => c.Source.View.AutoUpdate);
        Field<JsonGraphType, object>("theme").Description("{css}, as in the document.").Resolve(c => c.Source.Document["theme"]);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WidgetGraphType>>>, IEnumerable<WidgetNode>>("widgets")
            .Description("The document's widgets in document order.")
            .Configure(f => f.WithComplexityImpact(1, 10))
            .Resolve(c => c.Source.Widgets);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InstalledFeatureGraphType>>>, IEnumerable<InstalledFeatureNode>>("installedFeatures")
            .Description("Installed feature releases, ordered by feature id.")
            .Configure(f => f.WithComplexityImpact(1, 10))
            .Resolve(c => c.Source.View.InstalledFeatures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new InstalledFeatureNode(f.Key, f.Value)));
        Field<NonNullGraphType<DateTimeOffsetGraphType>, DateTimeOffset>("updatedAt").Resolve(c => c.Source.View.UpdatedAt);
    }
}
