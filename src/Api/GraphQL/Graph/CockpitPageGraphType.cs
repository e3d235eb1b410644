using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class CockpitPageGraphType : ObjectGraphType<CockpitPage>
{
    public CockpitPageGraphType()
    {
        Name = "CockpitPage";
        Description = "A page of cockpits, as GET /api/cockpits pages them: pass nextCursor as `after` for the next page.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CockpitGraphType>>>>("items")
            .Description("The page's cockpits, in fleet order; their documents are read in one round of grain calls.")
            .ResolveAsync(async c => (await c.Loaders().Cockpits.LoadManyAsync(c.Source.Ids))
                .OfType<DashboardFactory.Cockpits.CockpitView>()
                .Select(v => new CockpitNode(v))
                .ToList());
        Field<StringGraphType, string>("nextCursor").Description("Null on the last page.").Resolve(c => c.Source.NextCursor);
    }
}
