using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.RateLimiting;

public static class RateLimitingExtensions
{
    /// <summary>ASP.NET Core's rate limiter with every <see cref="IRateLimitRule"/> chained into the global limiter.</summary>
    public static IServiceCollection AddDashboardFactoryRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.IsValid(), "RateLimits: every limit is 0 (off) or more.")
            .ValidateOnStart();

        // One line per limit.
        services.AddSingleton<IRateLimitRule, RequestsPerTokenRule>();
        services.AddSingleton<IRateLimitRule, StreamsPerTokenRule>();
        services.AddSingleton<IRateLimitRule, WritesPerUserRule>();

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IEnumerable<IRateLimitRule>>((limiter, rules) =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained([.. rules.Select(rule => (PartitionedRateLimiter<HttpContext>)new RuleLimiter(rule))]);
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>
    /// After authentication and authorization (limits count signed-in callers; anonymous requests are refused before),
    /// and before the request limits read a body: a throttled write costs no body read.
    /// </summary>
    public static WebApplication UseDashboardFactoryRateLimiting(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    /// <summary>429 ProblemDetails naming the limit, with Retry-After (whole seconds, at least 1).</summary>
    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var rule = http.Items[RuleLimiter.RefusedBy] as IRateLimitRule;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : rule?.RetryAfter ?? TimeSpan.FromSeconds(1);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests.",
            Detail = rule?.Describe() ?? "A rate limit was reached.",
        };
        if (!await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }))
        {
            await http.Response.WriteAsJsonAsync(problem, JsonSerializerOptions.Web, "application/problem+json", cancellationToken);
        }
    }
}
