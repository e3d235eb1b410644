using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DashboardFactory.Api.Health;

public static class HealthApi
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    private const string Ready = "ready";

    public static IServiceCollection AddDashboardFactoryHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [Ready], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<StorageHealthCheck>("storage", tags: [Ready], timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    /// <summary>/health/live: the process serves HTTP. /health/ready: the cluster and its storage answer too.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new HealthReportResponse(
            report.Status.ToString().ToLowerInvariant(),
            report.Entries.ToDictionary(e => e.Key, e => new HealthCheckResponse(e.Value.Status.ToString().ToLowerInvariant(), e.Value.Description)));
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
