using System.Security.Claims;
using System.Text.Json.Nodes;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.Errors;
using DashboardFactory.Api.Limits;
using DashboardFactory.Api.OpenApi;
using DashboardFactory.Cockpits;
using DashboardFactory.Features;
using DashboardFactory.Fleet;
using DashboardFactory.Limits;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Features;

public static class FeaturesApi
{
    public static IEndpointRouteBuilder MapFeaturesApi(this IEndpointRouteBuilder app)
    {
        var features = app.MapGroup("/api/features").WithTags("Features").RequireAuthorization();
        features.MapPost("/", CreateAsync).WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);
        features.MapGet("/", ListAsync);
        features.MapGet("/{id}", GetAsync);
        features.MapGet("/{id}/history", HistoryAsync).RequireAuthorization(Roles.StaffPolicy).WithProblems(StatusCodes.Status404NotFound);
        features.MapPatch("/{id}", UpdateAsync).RequireAuthorization(Roles.AdminPolicy).WithBodySchema<FeaturePatchRequest>()
            .WithProblems(StatusCodes.Status404NotFound);
        features.MapPost("/{id}/releases", ProposeReleaseAsync)
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .WithBodyLimit(nameof(LimitsOptions.MaxReleaseBodyBytes), o => o.MaxReleaseBodyBytes);
        features.MapPost("/{id}/releases/{version}/approve", ApproveReleaseAsync).RequireAuthorization(Roles.AdminPolicy)
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        features.MapPost("/{id}/votes", VoteAsync).WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        features.MapPost("/{id}/deprecate", DeprecateAsync).RequireAuthorization(Roles.AdminPolicy).WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        features.MapPost("/{id}/undeprecate", UndeprecateAsync).RequireAuthorization(Roles.AdminPolicy).WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>Optimizers and admins build features; the caller becomes the author.</summary>
    public static async Task<Results<Created<FeatureResponse>, ValidationProblem, ForbidHttpResult>> CreateAsync(
        CreateFeatureRequest request, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var validation = new Validation()
            .Id("id", request.Id)
            .Require(!string.IsNullOrWhiteSpace(request.Name) && request.Name.Length <= 200, "name", "Required, at most 200 characters.")
            .Require(request.Description is null || request.Description.Length <= 4000, "description", "At most 4000 characters.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        if (!caller.IsAdmin() && !caller.IsInRole(Roles.Optimizer))
        {
            return TypedResults.Forbid();
        }

        var view = await grains.GetGrain<IFeatureGrain>(request.Id!).CreateAsync(new NewFeature(request.Name!.Trim(), request.Description ?? string.Empty, caller.CallerId()));
        return TypedResults.Created($"/api/features/{view.Id}", FeatureResponse.From(view, new Dictionary<string, int>()));
    }

    public static async Task<Results<Ok<List<FeatureSummaryResponse>>, ValidationProblem>> ListAsync(IGrainFactory grains, string? stage = null)
    {
        FeatureStage parsed = default;
        var validation = new Validation().Require(stage is null || FeatureJson.TryParseStage(stage, out parsed), "stage", "One of experimental, approved, foundational, deprecated.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var list = await grains.GetGrain<IFeatureRegistryGrain>("default").ListAsync(stage is null ? null : parsed);
        return TypedResults.Ok(list.Select(FeatureSummaryResponse.From).ToList());
    }

    public static async Task<Results<Ok<FeatureResponse>, NotFound, ValidationProblem>> GetAsync(string id, IGrainFactory grains)
    {
        if (!Ids.IsValid(id))
        {
            return InvalidId();
        }

        var view = await grains.GetGrain<IFeatureGrain>(id).GetAsync();
        return view is null ? TypedResults.NotFound() : TypedResults.Ok(FeatureResponse.From(view, await InstallationsAsync(grains, id)));
    }

    /// <summary>
    /// An admin sets the owner and/or the cohorts. A field left out stays as it is; <c>"owner": null</c> means nobody
    /// owns it (the ops board then warns); <c>"cohorts": []</c> targets every cockpit.
    /// </summary>
    public static async Task<Results<Ok<FeatureResponse>, ValidationProblem>> UpdateAsync(
        string id, JsonObject? body, ClaimsPrincipal caller, IGrainFactory grains, IOptions<LimitsOptions> limits)
    {
        var validation = new Validation().Id("id", id).Require(body is not null, "body", "Required: {owner?, cohorts?}.");
        var change = body is null ? null : FeatureJson.ParseChange(body, validation, limits.Value.MaxCohorts);
        if (!validation.IsValid || change is null)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var view = await grains.GetGrain<IFeatureGrain>(id).UpdateAsync(change, caller.CallerId());
        return TypedResults.Ok(FeatureResponse.From(view, await InstallationsAsync(grains, id)));
    }

    public static async Task<Results<Ok<List<AuditEntryResponse>>, ValidationProblem>> HistoryAsync(string id, IGrainFactory grains)
    {
        if (!Ids.IsValid(id))
        {
            return InvalidId();
        }

        var history = await grains.GetGrain<IFeatureGrain>(id).HistoryAsync();
        return TypedResults.Ok(history.Select(AuditEntryResponse.From).ToList());
    }

    public static async Task<Results<Created<ReleaseResponse>, ValidationProblem>> ProposeReleaseAsync(string id, ReleaseRequest request, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var changeType = ChangeType.Safe;
        var mode = InjectionMode.Append;
        var validation = new Validation()
            .Id("id", id)
            .Require(request.Version is not null, "version", "Required: MAJOR.MINOR.PATCH.")
            .Require(ChangeTypes.TryParse(request.ChangeType, out changeType), "changeType", "One of safe, reviewed, breaking.")
            .Require(request.Widget is not null, "widget", "Required: {type, title, w, h, html, css, config}.")
            .Require(request.Injection?.Mode is null || TryParseMode(request.Injection.Mode, out mode), "injection.mode", "One of append, smart, quadrant.")
            .Require(request.Dependencies is null || request.Dependencies.All(d => d is not null), "dependencies", "Feature ids.")
            .Require(request.Cohorts is null || request.Cohorts.All(Ids.IsValid), "cohorts", "Cohort ids.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var widget = request.Widget!;
        var spec = new ReleaseSpec(
            request.Version!,
            changeType,
            new WidgetRelease(widget.Type ?? string.Empty, widget.Title ?? string.Empty, widget.W ?? 0, widget.H ?? 0,
                widget.Html ?? string.Empty, widget.Css ?? string.Empty, (widget.Config ?? []).ToJsonString()) { Script = widget.Script ?? string.Empty },
            mode,
            request.Injection?.Quadrant,
            [.. (request.Dependencies ?? []).Select(d => d!)],
            request.MigrationGuide,
            request.DeprecationNotice,
            [.. (request.Cohorts ?? []).Select(c => c!)]);
        var view = await grains.GetGrain<IFeatureGrain>(id).ProposeReleaseAsync(spec, new Caller(caller.CallerId(), caller.IsAdmin()));
        var release = view.Releases.Single(r => r.Record.Spec.Version == spec.Version);
        return TypedResults.Created($"/api/features/{id}/releases/{spec.Version}", ReleaseResponse.From(release));
    }

    public static async Task<Results<Ok<FeatureResponse>, ValidationProblem>> ApproveReleaseAsync(string id, string version, ClaimsPrincipal caller, IGrainFactory grains)
    {
        if (!Ids.IsValid(id))
        {
            return InvalidId();
        }

        var view = await grains.GetGrain<IFeatureGrain>(id).ApproveReleaseAsync(version, caller.CallerId());
        return TypedResults.Ok(FeatureResponse.From(view, await InstallationsAsync(grains, id)));
    }

    public static async Task<Results<Ok<VoteResultResponse>, ValidationProblem>> VoteAsync(string id, VoteRequest request, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var validation = new Validation().Id("id", id).Require(request.Approve is not null, "approve", "Required: true or false.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var view = await grains.GetGrain<IFeatureGrain>(id).VoteAsync(new Caller(caller.CallerId(), caller.IsAdmin()), request.Approve!.Value);
        return TypedResults.Ok(VoteResultResponse.From(view));
    }

    public static async Task<Results<Ok<FeatureResponse>, ValidationProblem>> DeprecateAsync(string id, ReasonRequest request, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var validation = new Validation().Id("id", id)
            .Require(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Length <= 1000, "reason", "Required, at most 1000 characters.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var view = await grains.GetGrain<IFeatureGrain>(id).DeprecateAsync(request.Reason!, caller.CallerId());
        return TypedResults.Ok(FeatureResponse.From(view, await InstallationsAsync(grains, id)));
    }

    public static async Task<Results<Ok<FeatureResponse>, ValidationProblem>> UndeprecateAsync(string id, ClaimsPrincipal caller, IGrainFactory grains)
    {
        if (!Ids.IsValid(id))
        {
            return InvalidId();
        }

        var view = await grains.GetGrain<IFeatureGrain>(id).UndeprecateAsync(caller.CallerId());
        return TypedResults.Ok(FeatureResponse.From(view, await InstallationsAsync(grains, id)));
    }

    private static async Task<IReadOnlyDictionary<string, int>> InstallationsAsync(IGrainFactory grains, string featureId)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, FleetIndex.ShardCount)
            .Select(s => grains.GetGrain<IFleetIndexShardGrain>(s).InstallationsAsync(featureId)));
        return shards.SelectMany(s => s)
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);
    }

    private static bool TryParseMode(string? text, out InjectionMode mode)
    {
        mode = text switch { "append" => InjectionMode.Append, "smart" => InjectionMode.Smart, "quadrant" => InjectionMode.Quadrant, _ => (InjectionMode)(-1) };
        return Enum.IsDefined(mode);
    }

    private static ValidationProblem InvalidId() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"Must match {Ids.Pattern}."] });
}
