using DashboardFactory.Features;
using GraphQL;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class FeatureGraphType : ObjectGraphType<FeatureView>
{
    public FeatureGraphType()
    {
        Name = "Feature";
        Description = "A widget built by optimizers, as GET /api/features/{id} shows it.";
        Field<NonNullGraphType<IdGraphType>, string>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>, string>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>, string>("description").Resolve(c => c.Source.Description);
        Field<NonNullGraphType<IdGraphType>, string>("authorId").Resolve(c => c.Source.AuthorId);
        Field<NonNullGraphType<FeatureStageGraphType>, FeatureStage>("stage").Resolve(c => c.Source.Stage);
        Field<StringGraphType, string>("deprecationNotice").Resolve(c => c.Source.DeprecationNotice);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReleaseGraphType>>>, IEnumerable<ReleaseView>>("releases")
            .Configure(f => f.WithComplexityImpact(1, 5))
            .Resolve(c => c.Source.Releases);
        Field<NonNullGraphType<TallyGraphType>, Tally>("tally").Resolve(c => c.Source.Tally);
        Field<NonNullGraphType<InstallationsGraphType>>("installations")
            .Description("Counted over the fleet index; the features of one result share one call per index shard.")
            .Resolve(c => c.Loaders().Installations.Load(c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>, IEnumerable<string>>("campaignIds").Resolve(c => c.Source.Campaigns);
        Field<NonNullGraphType<ListGraphType<CampaignGraphType>>>("campaigns")
            .Description("The feature's rollout campaigns (loaded once per distinct campaign of the whole result).")
            .Configure(f => f.WithComplexityImpact(1, 5))
            .ResolveAsync(async c => await c.Loaders().Campaigns.LoadManyAsync(c.Source.Campaigns));
        Field<NonNullGraphType<DateTimeOffsetGraphType>, DateTimeOffset>("createdAt").Resolve(c => c.Source.CreatedAt);
    }
}
