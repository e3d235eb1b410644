using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class InstallationsGraphType : ObjectGraphType<IReadOnlyDictionary<string, int>>
{
    public InstallationsGraphType()
    {
        Name = "Installations";
        Description = "Where a feature is installed across the fleet.";
        Field<NonNullGraphType<IntGraphType>, int>("total").Resolve(c => c.Source.Values.Sum());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<VersionCountGraphType>>>, IEnumerable<VersionCount>>("byVersion")
            .Description("Ordered by version text.")
            .Resolve(c => c.Source.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => new VersionCount(i.Key, i.Value)));
    }
}
