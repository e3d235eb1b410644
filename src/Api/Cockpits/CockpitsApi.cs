using System.Globalization;
using System.Security.Claims;
using System.Text;
using DashboardFactory.Api.Access;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.Errors;
using DashboardFactory.Api.Limits;
using DashboardFactory.Api.OpenApi;
using DashboardFactory.Api.Pages;
using DashboardFactory.Cockpits;
using DashboardFactory.Features;
using DashboardFactory.Fleet;
using DashboardFactory.Limits;
using DashboardFactory.Rendering;
using DashboardFactory.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DashboardFactory.Api.Cockpits;

public static class CockpitsApi
{
    public const string MergePatchContentType = "application/merge-patch+json";
    private const int MaxPageSize = FleetPages.MaxPageSize;

    public static IEndpointRouteBuilder MapCockpitsApi(this IEndpointRouteBuilder app)
    {
        var cockpits = app.MapGroup("/api/cockpits").WithTags("Cockpits").RequireAuthorization();
        cockpits.MapPost("/", CreateAsync).WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict).WithBodyLimit(nameof(LimitsOptions.MaxCockpitBodyBytes), o => o.MaxCockpitBodyBytes);
        cockpits.MapGet("/", ListAsync);
        cockpits.MapGet("/{id}", GetAsync).Produces(StatusCodes.Status304NotModified);
        cockpits.MapPatch("/{id}", PatchAsync).Accepts<CockpitPatchRequest>(MergePatchContentType, "application/json")
            .WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status412PreconditionFailed, StatusCodes.Status415UnsupportedMediaType)
            .WithBodyLimit(nameof(LimitsOptions.MaxCockpitBodyBytes), o => o.MaxCockpitBodyBytes);
        cockpits.MapGet("/{id}/snapshots", ListSnapshotsAsync);
        cockpits.MapGet("/{id}/snapshots/{snapshotId}", GetSnapshotAsync);
        cockpits.MapPost("/{id}/snapshots/{snapshotId}/restore", RestoreAsync).WithProblems(StatusCodes.Status403Forbidden);
        app.MapGet("/cockpits/{id}", PageAsync).WithTags("Cockpits").RequireAuthorization()
            .Produces<string>(StatusCodes.Status200OK, "text/html").Produces(StatusCodes.Status304NotModified);
        return app;
    }

    public static async Task<Results<Created<CockpitResponse>, ValidationProblem, ForbidHttpResult>> CreateAsync(
        CreateCockpitRequest request, ClaimsPrincipal caller, IGrainFactory grains, IOptions<LimitsOptions> limits)
    {
        var maxCohorts = limits.Value.MaxCohorts;
        var maxChangeType = ChangeType.Reviewed;
        var validation = new Validation()
            .Id("id", request.Id)
            .Id("ownerId", request.OwnerId)
            .Require(!string.IsNullOrWhiteSpace(request.Title) && request.Title.Length <= CockpitDocument.MaxTitleLength, "title", $"Required, at most {CockpitDocument.MaxTitleLength} characters.")
            .Require(request.Cohorts is null || (request.Cohorts.Count <= maxCohorts && request.Cohorts.All(Ids.IsValid)), "cohorts", $"At most {maxCohorts} ids (Limits:MaxCohorts).")
            .Require(request.AutoUpdate?.MaxChangeType is null || ChangeTypes.TryParse(request.AutoUpdate.MaxChangeType, out maxChangeType), "autoUpdate.maxChangeType", "Must be safe, reviewed or breaking.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        if (!caller.IsAdmin() && !(caller.IsInRole(Roles.Operator) && caller.CallerId() == request.OwnerId))
        {
            return TypedResults.Forbid();
        }

        if (await grains.GetGrain<IUserGrain>(request.OwnerId!).GetAsync() is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ownerId"] = [$"No user '{request.OwnerId}'."] });
        }

        var policy = new AutoUpdatePolicy(request.AutoUpdate?.Enabled ?? true, maxChangeType);
        var cohorts = (request.Cohorts ?? []).Select(c => c!).ToList();

        var baseTemplate = await grains.GetGrain<IFeatureRegistryGrain>("default").BaseTemplateAsync();
        var view = await grains.GetGrain<ICockpitGrain>(request.Id!).CreateAsync(new NewCockpit(request.OwnerId!, request.Title!, cohorts, policy), baseTemplate);
        return TypedResults.Created($"/api/cockpits/{view.Id}", CockpitResponse.From(view));
    }

    public static async Task<Results<Ok<FleetPage>, ValidationProblem>> ListAsync(
        ClaimsPrincipal caller, IGrainFactory grains, string? feature = null, string? cohort = null, int? limit = null, string? cursor = null)
    {
        var validation = new Validation()
            .Require(feature is null || Ids.IsValid(feature), "feature", $"Must match {Ids.Pattern}.")
            .Require(cohort is null || Ids.IsValid(cohort), "cohort", $"Must match {Ids.Pattern}.")
            .Require(limit is null or (>= 1 and <= MaxPageSize), "limit", $"From 1 to {MaxPageSize}.")
            .Require(FleetCursor.TryDecode(cursor, out var position), "cursor", "Not a cursor this API gave out.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        return TypedResults.Ok(await FleetPages.ReadAsync(grains, feature, cohort, AccessPolicy.FleetOwner(caller), limit ?? FleetPages.DefaultPageSize, position));
    }

    public static async Task<Results<Ok<CockpitResponse>, StatusCodeHttpResult, NotFound, ValidationProblem>> GetAsync(string id, HttpContext http, ClaimsPrincipal caller, AccessPolicy access)
    {
        if (!Ids.IsValid(id))
        {
            return InvalidId();
        }

        var view = await access.ReadCockpitAsync(caller, id);
        if (view is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = view.ETag;
        return http.Request.Headers.IfNoneMatch == view.ETag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(CockpitResponse.From(view));
    }

    public static async Task<Results<Ok<CockpitResponse>, NotFound, ValidationProblem, ProblemHttpResult>> PatchAsync(string id, HttpContext http, ClaimsPrincipal caller, IGrainFactory grains, AccessPolicy access)
    {
        if (!Ids.IsValid(id))
        {
            return InvalidId();
        }

        if (!await access.MayChangeCockpitAsync(caller, id))
        {
            return TypedResults.NotFound();
        }

        var contentType = http.Request.ContentType is { } type && MediaTypeHeaderValue.TryParse(type, out var parsed) ? parsed.MediaType.Value : null;
        if (contentType is not (MergePatchContentType or "application/json"))
        {
            return TypedResults.Problem(
                detail: $"Send an RFC 7396 merge patch as {MergePatchContentType}.",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type.");
        }

        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        var ifMatch = http.Request.Headers.IfMatch.ToString() is { Length: > 0 } value ? value : null;
        var view = await grains.GetGrain<ICockpitGrain>(id).PatchAsync(body, ifMatch, caller.AsCaller());
        http.Response.Headers.ETag = view.ETag;
        return TypedResults.Ok(CockpitResponse.From(view));
    }

    /// <summary>
    /// The rendered page with this node's front-end assets; 304 when the browser's copy is current. The grain never
    /// ships bytes the client has. Only the owner and admins see it; anyone else gets 404, as if it did not exist.
    /// </summary>
    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult, NotFound, ValidationProblem>> PageAsync(
        string id, HttpContext http, ClaimsPrincipal caller, IGrainFactory grains, ClientAssets assets, IOptions<PagesOptions> pages,
        IOptions<RenderingOptions> rendering)
    {
        if (!Ids.IsValid(id))
        {
            return InvalidId();
        }

        var ifNoneMatch = PageETag.GrainPart(http.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } value ? value : null, assets.Version);
        var page = await grains.GetGrain<ICockpitGrain>(id).RenderAsync(ifNoneMatch);
        if (page is null || !AccessPolicy.MayReadCockpit(caller, page.OwnerId))
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = PageETag.Combine(page.ETag, assets.Version);
        http.Response.Headers.CacheControl = "private, no-cache";
        PageHeaders.Apply(http.Response, PageHeaders.CockpitPolicy(rendering.Value));
        return page.Html is null
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Text(assets.Inject(page.Html, "cockpit", CockpitRenderer.AssetsPlaceholder, PageSettings(pages.Value)), "text/html; charset=utf-8");
    }

    // The node's page settings travel in the head, as the page script reads them before it needs them.
    private static string PageSettings(PagesOptions pages) =>
        string.Create(CultureInfo.InvariantCulture, $"<meta name=\"df-reload-after\" content=\"{pages.AutoReloadSeconds}\">");

    public static async Task<Results<Ok<List<SnapshotSummaryResponse>>, NotFound, ValidationProblem>> ListSnapshotsAsync(string id, ClaimsPrincipal caller, IGrainFactory grains, AccessPolicy access)
    {
        var (grain, invalidId) = await OwnedCockpitAsync(id, caller, grains, access);
        if (invalidId)
        {
            return InvalidId();
        }

        if (grain is null)
        {
            return TypedResults.NotFound();
        }

        var list = await grain.ListSnapshotsAsync();
        return TypedResults.Ok(list.Select(s => new SnapshotSummaryResponse(s.Id, s.Version, s.TakenAt, s.Reason)).ToList());
    }

    public static async Task<Results<Ok<SnapshotResponse>, NotFound, ValidationProblem>> GetSnapshotAsync(string id, string snapshotId, ClaimsPrincipal caller, IGrainFactory grains, AccessPolicy access)
    {
        if (!Ids.IsValid(snapshotId))
        {
            return InvalidId("snapshotId");
        }

        var (grain, invalidId) = await OwnedCockpitAsync(id, caller, grains, access);
        if (invalidId)
        {
            return InvalidId();
        }

        if (grain is null)
        {
            return TypedResults.NotFound();
        }

        var snapshot = await grain.GetSnapshotAsync(snapshotId);
        return snapshot is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new SnapshotResponse(snapshot.Id, snapshot.Version, snapshot.TakenAt, snapshot.Reason,
                CockpitDocument.Parse(snapshot.DocumentJson), snapshot.Html ?? string.Empty));
    }

    public static async Task<Results<Ok<CockpitResponse>, NotFound, ValidationProblem>> RestoreAsync(string id, string snapshotId, HttpContext http, ClaimsPrincipal caller, IGrainFactory grains, AccessPolicy access)
    {
        if (!Ids.IsValid(id))
        {
            return InvalidId();
        }

        if (!Ids.IsValid(snapshotId))
        {
            return InvalidId("snapshotId");
        }

        if (!await access.MayChangeCockpitAsync(caller, id))
        {
            return TypedResults.NotFound();
        }

        var view = await grains.GetGrain<ICockpitGrain>(id).RestoreSnapshotAsync(snapshotId, caller.AsCaller());
        http.Response.Headers.ETag = view.ETag;
        return TypedResults.Ok(CockpitResponse.From(view));
    }

    /// <summary>The cockpit's grain when the caller may read it (null: someone else's cockpit, a 404 as if it did not exist), or an invalid id.</summary>
    private static async Task<(ICockpitGrain? Grain, bool InvalidId)> OwnedCockpitAsync(string id, ClaimsPrincipal caller, IGrainFactory grains, AccessPolicy access)
    {
        if (!Ids.IsValid(id))
        {
            return (null, true);
        }

        return await access.ReadCockpitAsync(caller, id) is null ? (null, false) : (grains.GetGrain<ICockpitGrain>(id), false);
    }

    private static Caller AsCaller(this ClaimsPrincipal caller) => new(caller.CallerId(), caller.IsAdmin());

    private static ValidationProblem InvalidId(string field = "id") =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"Must match {Ids.Pattern}."] });
}
