using System.Security.Claims;
using System.Text.Json.Nodes;
using DashboardFactory.Api.Auth;
using DashboardFactory.Campaigns;

namespace DashboardFactory.Api.Campaigns;

public static class CampaignsApi
{
    public static IEndpointRouteBuilder MapCampaignsApi(this IEndpointRouteBuilder app)
    {
        var campaigns = app.MapGroup("/api/campaigns").WithTags("Campaigns").RequireAuthorization(Roles.StaffPolicy);
        campaigns.MapGet("/", ListAsync);
        campaigns.MapGet("/{id}", GetAsync);
        campaigns.MapPost("/{id}/pause", (string id, ClaimsPrincipal caller, IGrainFactory grains, TimeProvider time) =>
            ActAsync(id, grains, time, g => g.PauseAsync(caller.CallerId()))).RequireAuthorization(Roles.AdminPolicy);
        campaigns.MapPost("/{id}/resume", (string id, ClaimsPrincipal caller, IGrainFactory grains, TimeProvider time) =>
            ActAsync(id, grains, time, g => g.ResumeAsync(caller.CallerId()))).RequireAuthorization(Roles.AdminPolicy);
        campaigns.MapPost("/{id}/cancel", (string id, ClaimsPrincipal caller, IGrainFactory grains, TimeProvider time) =>
            ActAsync(id, grains, time, g => g.CancelAsync(caller.CallerId(), "cancelled by an admin"))).RequireAuthorization(Roles.AdminPolicy);
        return app;
    }

    public static async Task<IResult> ListAsync(IGrainFactory grains, string? featureId = null)
    {
        if (featureId is not null && !Ids.IsValid(featureId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["featureId"] = [$"Must match {Ids.Pattern}."] });
        }

        var list = await grains.GetGrain<ICampaignDirectoryGrain>("default").ListAsync(featureId);
        return TypedResults.Ok(new JsonArray([.. list.Select(CampaignJson.Summary)]));
    }

    public static async Task<IResult> GetAsync(string id, IGrainFactory grains, TimeProvider time)
    {
        if (!Ids.IsValid(id))
        {
            return InvalidId();
        }

        var view = await grains.GetGrain<ICampaignGrain>(id).GetAsync();
        return view is null ? TypedResults.NotFound() : TypedResults.Ok(CampaignJson.From(view, time.GetUtcNow()));
    }

    private static async Task<IResult> ActAsync(string id, IGrainFactory grains, TimeProvider time, Func<ICampaignGrain, Task<CampaignView>> act)
    {
        if (!Ids.IsValid(id))
        {
            return InvalidId();
        }

        var view = await act(grains.GetGrain<ICampaignGrain>(id));
        return TypedResults.Ok(CampaignJson.From(view, time.GetUtcNow()));
    }

    private static IResult InvalidId() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"Must match {Ids.Pattern}."] });
}
