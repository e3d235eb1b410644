using System.Security.Claims;
using DashboardFactory.Api.Access;
using DashboardFactory.Api.OpenApi;
using DashboardFactory.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DashboardFactory.Api.Notifications;

public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/users/{id}/notifications", ListAsync).WithTags("Users").RequireAuthorization().WithProblems(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>A user's notifications, newest first: for that user or an admin.</summary>
    public static async Task<Results<Ok<List<NotificationResponse>>, ForbidHttpResult, ValidationProblem>> ListAsync(string id, ClaimsPrincipal caller, IGrainFactory grains)
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
        return TypedResults.Ok(items.Select(NotificationResponse.From).ToList());
    }
}
