using System.Text.Json;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.Kpis;
using DashboardFactory.Cockpits;
using DashboardFactory.Features;
using DashboardFactory.Kpis;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.GraphQL.Graph;

/// <summary>Writes, validated and answered as their REST endpoints; a refusal is a GraphQL error with the code of REST's status.</summary>
public sealed class MutationGraphType : ObjectGraphType
{
    // A number beyond double: the batch parser rejects it as not finite, as it does a REST point of 1e999.
    private static readonly JsonElement BeyondDouble = JsonDocument.Parse("1e999").RootElement.Clone();

    public MutationGraphType(IGrainFactory grains, IOptions<KpiOptions> kpiOptions, TimeProvider time, ILoggerFactory loggers)
    {
        Name = "Mutation";
        var logger = loggers.CreateLogger<MutationGraphType>();

        Field<NonNullGraphType<VoteResultGraphType>>("vote")
            .Description("Casts or replaces the caller's vote (POST /api/features/{id}/votes), weighted by their XP now.")
            .Argument<NonNullGraphType<IdGraphType>>("featureId")
            .Argument<NonNullGraphType<BooleanGraphType>>("approve")
            .ResolveAsync(async c =>
            {
                var featureId = QueryGraphType.ValidId(c, "featureId");
                var caller = c.Caller();
                return await grains.GetGrain<IFeatureGrain>(featureId).VoteAsync(new Caller(caller.CallerId(), caller.IsAdmin()), c.GetArgument<bool>("approve"));
            });

        Field<NonNullGraphType<KpiIngestResultGraphType>>("ingestKpiPoints")
            .Description("Ingests points (POST /api/kpis/{code}/points): each point accepted, a duplicate, or rejected with its reason; more than Kpis:MaxBatch points is PAYLOAD_TOO_LARGE and stores nothing.")
            .Argument<NonNullGraphType<IdGraphType>>("code")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<KpiPointInputGraphType>>>>("points")
            .ResolveAsync(async c =>
            {
                var code = QueryGraphType.ValidId(c, "code");
                var points = c.GetArgument<List<KpiPointInput>>("points") ?? [];

                // The same parser as REST, over the same JSON shape: one copy of the rules and reasons.
                using var batch = JsonSerializer.SerializeToDocument(points.Select(Shape));
                return await KpiIngestion.IngestAsync(code, batch.RootElement, grains, kpiOptions.Value, time.GetUtcNow(), logger)
                    ?? throw new ExecutionError($"At most {kpiOptions.Value.MaxBatch} points per request (Kpis:MaxBatch); split the batch.") { Code = GraphQLErrors.PayloadTooLargeCode };
            });
    }

    private static Dictionary<string, object?> Shape(KpiPointInput point)
    {
        var shape = new Dictionary<string, object?>();
        if (point.Id is not null)
        {
            shape["id"] = point.Id;
        }

        if (point.Ts is not null)
        {
            shape["ts"] = point.Ts;
        }

        if (point.Value is { } value)
        {
            // GraphQL reads 1e309 as infinity, which JSON cannot carry: a number beyond double goes in its place, so
            // the point is rejected as REST rejects it ("value must be a finite number") instead of failing the field.
            shape["value"] = double.IsFinite(value) ? value : BeyondDouble;
        }

        return shape;
    }
}
