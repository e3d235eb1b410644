using System.Security.Claims;
using System.Text.Json.Nodes;
using DashboardFactory.Api.Access;
using DashboardFactory.Notifications;

namespace DashboardFactory.Api.Notifications;

public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/users/{id}/notifications", ListAsync).WithTags("Users").RequireAuthorization();
        return app;
    }

    /// <summary>A user's notifications, newest first: for that user or an admin.</summary>
    public static async Task<IResult> ListAsync(string id, ClaimsPrincipal caller, IGrainFactory grains)
    {
        if (!Ids.IsValid(id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"Must match {Ids.Pattern}."] });
        }

        if (!AccessPolicy.MayReadUser(caller, id))
        {
            return TypedResults.Forbid();
        }

        var items = await grains.GetGrain<INotificationInboxGrain>(id).ListAsync();
        return TypedResults.Ok(new JsonArray([.. items.Select(n => new JsonObject
        {
            ["at"] = n.At,
            ["kind"] = n.Kind,
            ["message"] = n.Message,
            ["featureId"] = n.FeatureId,
            ["cockpitId"] = n.CockpitId,
        })]));
    }
}
