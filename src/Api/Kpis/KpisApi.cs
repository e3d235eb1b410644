using System.Text.Json;
using DashboardFactory.Api.Limits;
using DashboardFactory.Api.OpenApi;
using DashboardFactory.Kpis;
using DashboardFactory.Limits;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace DashboardFactory.Api.Kpis;

/// <summary>
/// KPI ingestion and reads. Any authenticated user may post points: feeds run under an operator's or a service
/// user's token and Auth/ has no finer producer role; a bad feed only affects the KPI it writes to, and every
/// reject and duplicate is counted per KPI and shown in the command center.
/// </summary>
public static class KpisApi
{
    public static IEndpointRouteBuilder MapKpisApi(this IEndpointRouteBuilder app)
    {
        var kpis = app.MapGroup("/api/kpis").WithTags("KPIs").RequireAuthorization();
        kpis.MapGet("/", ListAsync).WithSummary("The codes of every KPI that has data, for pickers (a cockpit's add-a-widget dialog).");
        kpis.MapPost("/{code}/points", IngestAsync).Accepts<List<KpiPointRequest>>("application/json").WithProblems(StatusCodes.Status413PayloadTooLarge)
            .WithBodyLimit(nameof(LimitsOptions.MaxKpiBodyBytes), o => o.MaxKpiBodyBytes);
        kpis.MapGet("/{code}", GetCurrentAsync).WithProblems(StatusCodes.Status404NotFound);
        kpis.MapGet("/{code}/series", GetSeriesAsync).AlsoProduces<string>(StatusCodes.Status200OK, KpiCsv.ContentType);
        return app;
    }

    public static async Task<Ok<KpiCodes>> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok(new KpiCodes([.. (await grains.GetGrain<IKpiDirectoryGrain>("default").ListAsync()).Order(StringComparer.Ordinal)]));

    /// <summary>202 with per-point outcomes; 400 when the body is not an array; 413 beyond Kpis:MaxBatch points.</summary>
    public static async Task<Results<Accepted<KpiIngestResponse>, ValidationProblem, ProblemHttpResult>> IngestAsync(
        string code, HttpRequest request, IGrainFactory grains, IOptions<KpiOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        if (!Ids.IsValid(code))
        {
            return InvalidCode();
        }

        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        if (body.RootElement.ValueKind != JsonValueKind.Array)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request body must be a JSON array of points.",
                detail: "Expected [{\"id\"?: string, \"ts\": ISO 8601, \"value\": number}, ...].");
        }

        var max = options.Value.MaxBatch;
        if (body.RootElement.GetArrayLength() > max)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too many points in one batch.",
                detail: $"At most {max} points per request (Kpis:MaxBatch); split the batch.");
        }

        var result = await KpiIngestion.IngestAsync(code, body.RootElement, grains, options.Value, time.GetUtcNow(), loggers.CreateLogger(typeof(KpisApi)));
        return TypedResults.Accepted((string?)null, KpiIngestResponse.From(result!));
    }

    /// <summary>The current bucket; 404 for a KPI without data, 400 for a bad period.</summary>
    public static async Task<Results<Ok<KpiValueResponse>, ValidationProblem, ProblemHttpResult>> GetCurrentAsync(string code, IGrainFactory grains, string? period = null)
    {
        if (!Ids.IsValid(code))
        {
            return InvalidCode();
        }

        if (!TryPeriod(period, out var p))
        {
            return InvalidPeriod();
        }

        var value = await grains.GetGrain<IKpiGrain>(code).GetCurrentAsync(p);
        return value is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"KPI '{code}' has no data.")
            : TypedResults.Ok(KpiValueResponse.From(value));
    }

    /// <summary>Buckets over [from, to) (default: the last hour of minutes, day of hours or 30 days of days); CSV with Accept: text/csv.</summary>
    public static async Task<Results<Ok<List<KpiBucketResponse>>, ContentHttpResult, ValidationProblem>> GetSeriesAsync(
        string code, HttpRequest request, IGrainFactory grains, IOptions<KpiOptions> options, TimeProvider time,
        string? period = null, string? from = null, string? to = null)
    {
        if (!Ids.IsValid(code))
        {
            return InvalidCode();
        }

        if (!TryPeriod(period, out var p))
        {
            return InvalidPeriod();
        }

        var (start, end, errors) = KpiSeriesRange.Resolve(p, from, to, time.GetUtcNow(), options.Value);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var series = await grains.GetGrain<IKpiGrain>(code).GetSeriesAsync(p, start, end);
        return WantsCsv(request.Headers.Accept)
            ? TypedResults.Text(KpiCsv.Format(series), KpiCsv.ContentType + "; charset=utf-8")
            : TypedResults.Ok(KpiBucketResponse.Series(series));
    }

    public static TimeSpan DefaultSpan(KpiPeriod period) => period switch
    {
        KpiPeriod.Minute => TimeSpan.FromHours(1),
        KpiPeriod.Hour => TimeSpan.FromDays(1),
        _ => TimeSpan.FromDays(30),
    };

    private static bool WantsCsv(StringValues accept) =>
        MediaTypeHeaderValue.TryParseList(accept, out var types)
        && types.Any(t => t.MediaType.Equals(KpiCsv.ContentType, StringComparison.OrdinalIgnoreCase));

    private static bool TryPeriod(string? period, out KpiPeriod value)
    {
        if (period is null)
        {
            value = KpiPeriod.Minute;
            return true;
        }

        return KpiPeriods.TryParse(period, out value);
    }

    private static ValidationProblem InvalidCode() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [$"Must match {Ids.Pattern}."] });

    private static ValidationProblem InvalidPeriod() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["period"] = ["Must be minute, hour or day."] });
}
