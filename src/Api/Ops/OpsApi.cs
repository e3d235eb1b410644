using DashboardFactory.Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DashboardFactory.Api.Ops;

/// <summary>The ops board (seed 003): flags with health, the cluster's silos, migrations, stale KPIs, snapshot retention.</summary>
public static class OpsApi
{
    public static IServiceCollection AddDashboardFactoryOps(this IServiceCollection services) =>
        services.AddSingleton<OpsBoardBuilder>();

    public static IEndpointRouteBuilder MapOpsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ops/board", GetBoardAsync).WithTags("Ops").RequireAuthorization(Roles.AdminPolicy);
        return app;
    }

    public static async Task<Ok<OpsBoard>> GetBoardAsync(OpsBoardBuilder board) => TypedResults.Ok(await board.BuildAsync());
}
