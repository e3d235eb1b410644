using DashboardFactory.Campaigns;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class CampaignGraphType : ObjectGraphType<CampaignView>
{
    public CampaignGraphType(TimeProvider time)
    {
        Name = "Campaign";
        Description = "A rollout of one feature release across the fleet, as GET /api/campaigns/{id} shows it.";
        Field<NonNullGraphType<IdGraphType>, string>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IdGraphType>, string>("featureId").Resolve(c => c.Source.FeatureId);
        Field<NonNullGraphType<StringGraphType>, string>("version").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<CampaignStateGraphType>, CampaignStatus>("state").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<IntGraphType>, int>("total").Resolve(c => c.Source.Total);
        Field<NonNullGraphType<IntGraphType>, int>("applied").Resolve(c => c.Source.Applied);
        Field<NonNullGraphType<IntGraphType>, int>("skipped").Resolve(c => c.Source.Skipped);
        Field<NonNullGraphType<IntGraphType>, int>("failed").Resolve(c => c.Source.Failed);
        Field<NonNullGraphType<IntGraphType>, int>("conflicts").Resolve(c => c.Source.Conflicts);
        Field<NonNullGraphType<IntGraphType>, int>("wave").Description("1-based.").Resolve(c => c.Source.Wave + 1);
        Field<NonNullGraphType<BooleanGraphType>, bool>("foundational").Resolve(c => c.Source.Foundational);
        Field<NonNullGraphType<DateTimeOffsetGraphType>, DateTimeOffset>("startedAt").Resolve(c => c.Source.StartedAt);
        Field<DateTimeOffsetGraphType, DateTimeOffset?>("finishedAt").Resolve(c => c.Source.FinishedAt);
        Field<NonNullGraphType<LongGraphType>, long>("durationMs")
            .Description("Until it finished, or until now while it runs.")
            .Resolve(c => (long)((c.Source.FinishedAt ?? time.GetUtcNow()) - c.Source.StartedAt).TotalMilliseconds);
        Field<StringGraphType, string>("haltReason").Resolve(c => c.Source.HaltReason);
    }
}
