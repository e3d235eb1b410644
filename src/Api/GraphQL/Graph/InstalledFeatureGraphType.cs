using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class InstalledFeatureGraphType : ObjectGraphType<InstalledFeatureNode>
{
    public InstalledFeatureGraphType()
    {
        Name = "InstalledFeature";
        Description = "A feature release installed on a cockpit.";
        Field<NonNullGraphType<IdGraphType>, string>("featureId").Resolve(c => c.Source.FeatureId);
        Field<NonNullGraphType<StringGraphType>, string>("version").Resolve(c => c.Source.Installed.Version);
        Field<NonNullGraphType<DateTimeOffsetGraphType>, DateTimeOffset>("installedAt").Resolve(c => c.Source.Installed.InstalledAt);
        Field<FeatureGraphType>("feature")
            .Description("The feature itself (loaded once per distinct feature of the whole result).")
            .Resolve(c => c.Loaders().Features.Load(c.Source.FeatureId));
    }
}
