using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class VersionCountGraphType : ObjectGraphType<VersionCount>
{
    public VersionCountGraphType()
    {
        Name = "VersionCount";
        Description = "How many cockpits have one version of a feature installed.";
        Field<NonNullGraphType<StringGraphType>, string>("version").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<IntGraphType>, int>("count").Resolve(c => c.Source.Count);
    }
}
