using DashboardFactory.Api.Access;
using DashboardFactory.Api.Cockpits;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.Kpis;
using DashboardFactory.Api.Ops;
using DashboardFactory.Features;
using DashboardFactory.Kpis;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.GraphQL.Graph;

/// <summary>
/// Reads, with the answers and rules of the REST endpoints they mirror. What the caller may not read is null with a
/// NOT_FOUND (someone else's cockpit, exactly as for a cockpit that does not exist) or FORBIDDEN error.
/// </summary>
public sealed class QueryGraphType : ObjectGraphType
{
    public QueryGraphType(IGrainFactory grains, AccessPolicy access, IOptions<KpiOptions> kpiOptions, TimeProvider time, OpsBoardBuilder ops)
    {
        Name = "Query";

        Field<CockpitGraphType>("cockpit")
            .Description("A cockpit (GET /api/cockpits/{id}); its owner and admins only, anyone else gets NOT_FOUND.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Configure(f => f.WithComplexityImpact(1, 1))
            .ResolveAsync(async c =>
            {
                var id = ValidId(c, "id");
                var view = await access.ReadCockpitAsync(c.Caller(), id) ?? throw GraphQLErrors.NotFound($"No cockpit '{id}'.");
                c.Loaders().Cockpits.Prime(id, view);
                return new CockpitNode(view);
            });

        Field<NonNullGraphType<CockpitPageGraphType>>("cockpits")
            .Description("A page of the fleet (GET /api/cockpits): admins page every cockpit, anyone else only their own.")
            .Argument<IntGraphType>("first", $"Page size, 1 to {FleetPages.MaxPageSize} (default {FleetPages.DefaultPageSize}).")
            .Argument<StringGraphType>("after", "The nextCursor of the previous page.")
            .Argument<IdGraphType>("feature", "Only cockpits with this feature installed.")
            .Argument<IdGraphType>("cohort", "Only cockpits in this cohort.")
            .ResolveAsync(async c =>
            {
                var first = c.GetArgument<int?>("first");
                var feature = c.GetArgument<string?>("feature");
                var cohort = c.GetArgument<string?>("cohort");
                var errors = new Dictionary<string, string[]>();
                if (first is not null and not (>= 1 and <= FleetPages.MaxPageSize))
                {
                    errors["first"] = [$"From 1 to {FleetPages.MaxPageSize}."];
                }

                if (feature is not null && !Ids.IsValid(feature))
                {
                    errors["feature"] = [$"Must match {Ids.Pattern}."];
                }

                if (cohort is not null && !Ids.IsValid(cohort))
                {
                    errors["cohort"] = [$"Must match {Ids.Pattern}."];
                }

                if (!FleetCursor.TryDecode(c.GetArgument<string?>("after"), out var position))
                {
                    errors["after"] = ["Not a cursor this API gave out."];
                }

                if (errors.Count > 0)
                {
                    throw GraphQLErrors.BadRequest(errors);
                }

                var page = await FleetPages.ReadAsync(grains, feature, cohort, AccessPolicy.FleetOwner(c.Caller()), first ?? FleetPages.DefaultPageSize, position);
                return new CockpitPage([.. page.Items.Select(i => i.Id)], page.NextCursor);
            });

        Field<NonNullGraphType<UserGraphType>>("me")
            .Description("The caller (GET /api/me).")
            .ResolveAsync(async c =>
            {
                var id = c.Caller().CallerId();
                return await c.Loaders().Users.Load(id).GetResultAsync()
                    ?? new DashboardFactory.Users.UserProfile(id, "Administrator", DashboardFactory.Users.UserRole.Admin, 0, DateTimeOffset.UnixEpoch);
            });

        Field<UserGraphType>("user")
            .Description("A user record (GET /api/users/{id}): that user and admins only, anyone else gets FORBIDDEN.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = ValidId(c, "id");
                if (!AccessPolicy.MayReadUser(c.Caller(), id))
                {
                    throw GraphQLErrors.Forbidden("Only that user and admins read a user record.");
                }

                return await c.Loaders().Users.Load(id).GetResultAsync() ?? throw GraphQLErrors.NotFound($"No user '{id}'.");
            });

        Field<FeatureGraphType>("feature")
            .Description("A feature (GET /api/features/{id}).")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = ValidId(c, "id");
                return await c.Loaders().Features.Load(id).GetResultAsync() ?? throw GraphQLErrors.NotFound($"No feature '{id}'.");
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FeatureGraphType>>>>("features")
            .Description("Features, optionally of one stage (GET /api/features?stage=); read in one round of grain calls.")
            .Argument<FeatureStageGraphType>("stage")
            .ResolveAsync(async c =>
            {
                var stage = c.GetArgument<FeatureStage?>("stage");
                var list = await grains.GetGrain<IFeatureRegistryGrain>("default").ListAsync(stage);
                return (await c.Loaders().Features.LoadManyAsync([.. list.Select(f => f.Id)])).OfType<FeatureView>().ToList();
            });

        Field<OpsBoardGraphType>("opsBoard")
            .Description("Seed 003's pre-flight checklist (GET /api/ops/board); admins only, anyone else gets FORBIDDEN.")
            .Configure(f => f.WithComplexityImpact(5, 1))
            .ResolveAsync(async c => AccessPolicy.MayAdminister(c.Caller())
                ? await ops.BuildAsync()
                : throw GraphQLErrors.Forbidden("Only admins read the ops board."));

        Field<CampaignGraphType>("campaign")
            .Description("A rollout campaign (GET /api/campaigns/{id}); optimizers and admins only, anyone else gets FORBIDDEN.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = ValidId(c, "id");
                if (!AccessPolicy.MayReadOperations(c.Caller()))
                {
                    throw GraphQLErrors.Forbidden("Only optimizers and admins read campaigns.");
                }

                return await c.Loaders().Campaigns.Load(id).GetResultAsync() ?? throw GraphQLErrors.NotFound($"No campaign '{id}'.");
            });

        Field<KpiValueGraphType>("kpi")
            .Description("The current bucket of a KPI (GET /api/kpis/{code}?period=); null while the KPI has no data.")
            .Argument<NonNullGraphType<IdGraphType>>("code")
            .Argument<KpiPeriodGraphType>("period", "Default minute.", a => a.DefaultValue = KpiPeriod.Minute)
            .ResolveAsync(async c =>
            {
                var code = ValidId(c, "code");
                var value = await grains.GetGrain<IKpiGrain>(code).GetCurrentAsync(c.GetArgument<KpiPeriod>("period"));
                return value is null ? null : new KpiReading(value, null);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KpiBucketGraphType>>>>("kpiSeries")
            .Description("A KPI's buckets over [from, to) (GET /api/kpis/{code}/series), at most Kpis:MaxSeriesBuckets.")
            .Argument<NonNullGraphType<IdGraphType>>("code")
            .Argument<KpiPeriodGraphType>("period", "Default minute.", a => a.DefaultValue = KpiPeriod.Minute)
            .Argument<StringGraphType>("from", "ISO 8601; default: an hour of minutes, a day of hours or 30 days of days before `to`.")
            .Argument<StringGraphType>("to", "ISO 8601; default now.")
            .ResolveAsync(async c =>
            {
                var code = ValidId(c, "code");
                var period = c.GetArgument<KpiPeriod>("period");
                var (from, to, errors) = KpiSeriesRange.Resolve(period, c.GetArgument<string?>("from"), c.GetArgument<string?>("to"), time.GetUtcNow(), kpiOptions.Value);
                if (errors.Count > 0)
                {
                    throw GraphQLErrors.BadRequest(errors);
                }

                return await grains.GetGrain<IKpiGrain>(code).GetSeriesAsync(period, from, to);
            });
    }

    internal static string ValidId(IResolveFieldContext context, string argument)
    {
        var value = context.GetArgument<string>(argument);
        return Ids.IsValid(value) ? value : throw GraphQLErrors.InvalidId(argument);
    }
}
