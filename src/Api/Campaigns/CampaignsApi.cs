using System.Security.Claims;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.OpenApi;
using DashboardFactory.Campaigns;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DashboardFactory.Api.Campaigns;

public static class CampaignsApi
{
    // Steering an unknown campaign, or one whose state does not allow the step.
    private static readonly int[] Refusals = [StatusCodes.Status404NotFound, StatusCodes.Status409Conflict];

    public static IEndpointRouteBuilder MapCampaignsApi(this IEndpointRouteBuilder app)
    {
        var campaigns = app.MapGroup("/api/campaigns").WithTags("Campaigns").RequireAuthorization(Roles.StaffPolicy);
        campaigns.MapGet("/", ListAsync);
        campaigns.MapGet("/{id}", GetAsync);
        campaigns.MapPost("/{id}/pause", (string id, ClaimsPrincipal caller, IGrainFactory grains, TimeProvider time) =>
            ActAsync(id, grains, time, g => g.PauseAsync(caller.CallerId()))).RequireAuthorization(Roles.AdminPolicy).WithProblems(Refusals);
        campaigns.MapPost("/{id}/resume", (string id, ClaimsPrincipal caller, IGrainFactory grains, TimeProvider time) =>
            ActAsync(id, grains, time, g => g.ResumeAsync(caller.CallerId()))).RequireAuthorization(Roles.AdminPolicy).WithProblems(Refusals);
        campaigns.MapPost("/{id}/cancel", (string id, ClaimsPrincipal caller, IGrainFactory grains, TimeProvider time) =>
            ActAsync(id, grains, time, g => g.CancelAsync(caller.CallerId(), "cancelled by an admin"))).RequireAuthorization(Roles.AdminPolicy).WithProblems(Refusals);
        return app;
    }

    public static async Task<Results<Ok<List<CampaignSummaryResponse>>, ValidationProblem>> ListAsync(IGrainFactory grains, string? featureId = null)
    {
        if (featureId is not null && !Ids.IsValid(featureId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["featureId"] = [$"Must match {Ids.Pattern}."] });
        }

        var list = await grains.GetGrain<ICampaignDirectoryGrain>("default").ListAsync(featureId);
        return TypedResults.Ok(list.Select(CampaignSummaryResponse.From).ToList());
    }

    public static async Task<Results<Ok<CampaignResponse>, NotFound, ValidationProblem>> GetAsync(string id, IGrainFactory grains, TimeProvider time)
    {
        if (!Ids.IsValid(id))
        {
            return InvalidId();
        }

        var view = await grains.GetGrain<ICampaignGrain>(id).GetAsync();
        return view is null ? TypedResults.NotFound() : TypedResults.Ok(CampaignResponse.From(view, time.GetUtcNow()));
    }

    private static async Task<Results<Ok<CampaignResponse>, ValidationProblem>> ActAsync(string id, IGrainFactory grains, TimeProvider time, Func<ICampaignGrain, Task<CampaignView>> act)
    {
        if (!Ids.IsValid(id))
        {
            return InvalidId();
        }

        var view = await act(grains.GetGrain<ICampaignGrain>(id));
        return TypedResults.Ok(CampaignResponse.From(view, time.GetUtcNow()));
    }

    private static ValidationProblem InvalidId() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"Must match {Ids.Pattern}."] });
}
