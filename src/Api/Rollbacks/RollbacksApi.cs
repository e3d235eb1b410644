using System.Security.Claims;
using System.Security.Cryptography;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.Errors;
using DashboardFactory.Api.OpenApi;
using DashboardFactory.Rollbacks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DashboardFactory.Api.Rollbacks;

public static class RollbacksApi
{
    public static IEndpointRouteBuilder MapRollbacksApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/features/{id}/rollback", StartAsync).WithTags("Rollbacks").RequireAuthorization(Roles.AdminPolicy).WithProblems(StatusCodes.Status404NotFound);
        app.MapGet("/api/rollbacks/{id}", GetAsync).WithTags("Rollbacks").RequireAuthorization(Roles.StaffPolicy);
        return app;
    }

    /// <summary>Starts a mass rollback and answers 202 at once; progress is at /api/rollbacks/{rollbackId}.</summary>
    public static async Task<Results<Accepted<RollbackStartedResponse>, ValidationProblem>> StartAsync(string id, RollbackRequest request, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var mode = RollbackMode.Revert;
        var validation = new Validation()
            .Id("id", id)
            .Require(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Length <= 1000, "reason", "Required, at most 1000 characters.")
            .Require(request.Mode is null || TryParseMode(request.Mode, out mode), "mode", "One of revert, snapshot.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var rollbackId = "rb-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        var view = await grains.GetGrain<IRollbackGrain>(rollbackId).StartAsync(id, request.Reason!, mode, caller.CallerId());
        return TypedResults.Accepted($"/api/rollbacks/{view.Id}", new RollbackStartedResponse(view.Id));
    }

    public static async Task<Results<Ok<RollbackResponse>, NotFound, ValidationProblem>> GetAsync(string id, IGrainFactory grains, TimeProvider time)
    {
        if (!Ids.IsValid(id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"Must match {Ids.Pattern}."] });
        }

        var view = await grains.GetGrain<IRollbackGrain>(id).GetAsync();
        return view is null ? TypedResults.NotFound() : TypedResults.Ok(RollbackResponse.From(view, time.GetUtcNow()));
    }

    private static bool TryParseMode(string text, out RollbackMode mode)
    {
        mode = text switch { "revert" => RollbackMode.Revert, "snapshot" => RollbackMode.Snapshot, _ => (RollbackMode)(-1) };
        return Enum.IsDefined(mode);
    }
}
