using System.Security.Claims;
using System.Security.Cryptography;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.Errors;
using DashboardFactory.Api.OpenApi;
using DashboardFactory.Kpis;
using DashboardFactory.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DashboardFactory.Api.Webhooks;

/// <summary>
/// Standard Webhooks endpoints (admins only): create (the secret is shown once), list, read, delete (disables, keeps
/// the log), rotate (the old secret keeps signing as a second signature for Webhooks:RotationGrace), send a test
/// event, and the delivery log. The URL's addresses are checked by the webhook grain on the silo (422 when refused).
/// </summary>
public static class WebhooksApi
{
    private const int MaxUrlLength = 2048;
    private const int MaxKpis = 100;
    private const int DefaultLogLines = 100;
    private const int MaxLogLines = 1000;

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization(Roles.AdminPolicy);
        webhooks.MapPost("/", CreateAsync).WithProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        webhooks.MapGet("/", ListAsync);
        webhooks.MapGet("/{id}", GetAsync);
        webhooks.MapDelete("/{id}", DeleteAsync).WithProblems(StatusCodes.Status404NotFound);
        webhooks.MapPost("/{id}/rotate", RotateAsync).WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        webhooks.MapPost("/{id}/test", TestAsync).WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        webhooks.MapGet("/{id}/deliveries", DeliveriesAsync).WithProblems(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Created<CreatedWebhookResponse>, ValidationProblem>> CreateAsync(
        CreateWebhookRequest request, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var events = (request.Events ?? []).ToList();
        var kpis = request.Kpis ?? [];
        KpiPeriod? period = null;
        if (kpis.Length > 0 && !events.Contains(WebhookEventTypes.KpiValue, StringComparer.Ordinal))
        {
            events.Add(WebhookEventTypes.KpiValue);
        }

        var validation = new Validation()
            .Require(Uri.TryCreate(request.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
                && request.Url!.Length <= MaxUrlLength, "url", $"Required: an absolute http or https URL of at most {MaxUrlLength} characters.")
            .Require(events.Count > 0, "events", "Name at least one event (or give kpis for a kpi.value sink).")
            .Require(events.All(WebhookEventTypes.IsSubscribable), "events", $"Each must be one of {string.Join(", ", WebhookEventTypes.Subscribable)}.")
            .Require(kpis.Length <= MaxKpis && kpis.All(Ids.IsValid), "kpis", $"At most {MaxKpis} KPI codes, each matching {Ids.Pattern}.")
            .Require(!events.Contains(WebhookEventTypes.KpiValue) || kpis.Length > 0, "kpis", "Required with kpi.value: the KPI codes to send closed buckets of.")
            .Require(request.Period is null || KpiPeriods.TryParse(request.Period, out _), "period", "Must be one of minute, hour, day.")
            .Require(request.Period is null || kpis.Length > 0, "period", "Only with kpis.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors, title: "The webhook is not valid.");
        }

        if (kpis.Length > 0)
        {
            period = KpiPeriods.TryParse(request.Period, out var p) ? p : KpiPeriod.Minute;
        }

        var id = "wh_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant();
        var created = await grains.GetGrain<IWebhookGrain>(id).CreateAsync(new WebhookSpec(request.Url!, events, [.. kpis.Distinct()], period, caller.CallerId()));
        return TypedResults.Created($"/api/webhooks/{id}", CreatedWebhookResponse.From(created));
    }

    public static async Task<Ok<List<WebhookResponse>>> ListAsync(IGrainFactory grains)
    {
        var set = await grains.GetGrain<IWebhookRegistryGrain>("default").GetAsync();
        return TypedResults.Ok(set.Webhooks.Select(WebhookResponse.From).ToList());
    }

    public static async Task<Results<Ok<WebhookResponse>, NotFound, ValidationProblem>> GetAsync(string id, IGrainFactory grains)
    {
        if (Invalid(id) is { } invalid)
        {
            return invalid;
        }

        var view = await grains.GetGrain<IWebhookGrain>(id).GetAsync();
        return view is null ? TypedResults.NotFound() : TypedResults.Ok(WebhookResponse.From(view));
    }

    public static async Task<Results<Ok<WebhookResponse>, ValidationProblem>> DeleteAsync(string id, ClaimsPrincipal caller, IGrainFactory grains)
    {
        if (Invalid(id) is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(WebhookResponse.From(await grains.GetGrain<IWebhookGrain>(id).DeleteAsync(caller.CallerId())));
    }

    public static async Task<Results<Ok<RotatedSecretResponse>, ValidationProblem>> RotateAsync(string id, ClaimsPrincipal caller, IGrainFactory grains)
    {
        if (Invalid(id) is { } invalid)
        {
            return invalid;
        }

        var rotated = await grains.GetGrain<IWebhookGrain>(id).RotateAsync(caller.CallerId());
        return TypedResults.Ok(new RotatedSecretResponse(rotated.Secret, rotated.PreviousValidUntil));
    }

    public static async Task<Results<Accepted<TestEventResponse>, ValidationProblem>> TestAsync(string id, ClaimsPrincipal caller, IGrainFactory grains)
    {
        if (Invalid(id) is { } invalid)
        {
            return invalid;
        }

        var eventId = await grains.GetGrain<IWebhookGrain>(id).SendTestAsync(caller.CallerId());
        return TypedResults.Accepted($"/api/webhooks/{id}/deliveries", new TestEventResponse(eventId));
    }

    public static async Task<Results<Ok<List<DeliveryResponse>>, ValidationProblem>> DeliveriesAsync(string id, int? limit, IGrainFactory grains)
    {
        if (Invalid(id) is { } invalid)
        {
            return invalid;
        }

        if (limit is < 1 or > MaxLogLines)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Must be from 1 to {MaxLogLines}."] });
        }

        var lines = await grains.GetGrain<IWebhookGrain>(id).DeliveriesAsync(limit ?? DefaultLogLines);
        return TypedResults.Ok(lines.Select(DeliveryResponse.From).ToList());
    }

    private static ValidationProblem? Invalid(string id) =>
        Ids.IsValid(id) ? null : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"Must match {Ids.Pattern}."] });
}
