using System.Diagnostics;
using System.Security.Claims;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.Errors;
using DashboardFactory.Api.OpenApi;
using DashboardFactory.Cockpits;
using DashboardFactory.Features;
using DashboardFactory.Previews;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DashboardFactory.Api.Previews;

/// <summary>The release preview: what a release would do to every cockpit it targets, before anyone approves it.</summary>
public static class PreviewsApi
{
    public static IEndpointRouteBuilder MapPreviewsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/features/{id}/releases/{version}/preview", PreviewAsync).WithTags("Features").RequireAuthorization()
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// For an admin or the feature's author (the grain says 403 to anyone else, 404 for an unknown release). The
    /// fan-out runs in the silos, one grain per fleet-index shard; this node makes one call per shard.
    /// </summary>
    public static async Task<Results<Ok<ReleasePreviewResponse>, ValidationProblem>> PreviewAsync(
        string id, string version, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var validation = new Validation()
            .Id("id", id)
            .Require(SemanticVersion.TryParse(version, out _), "version", "Must be MAJOR.MINOR.PATCH.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var started = Stopwatch.GetTimestamp();
        var plan = await grains.GetGrain<IFeatureGrain>(id).RolloutPlanAsync(version, new Caller(caller.CallerId(), caller.IsAdmin()));
        var preview = await ReleasePreviews.PreviewAsync(grains, plan.Release, plan.Cohorts);
        return TypedResults.Ok(new ReleasePreviewResponse(
            id,
            version,
            ChangeTypes.ToWire(plan.Release.ChangeType),
            plan.Cohorts,
            preview.Total,
            preview.Targeted,
            preview.Clean,
            preview.Conflicting,
            preview.Conflicts,
            preview.Failed,
            preview.Skipped,
            preview.Samples,
            (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds));
    }
}
