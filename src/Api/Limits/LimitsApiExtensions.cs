using DashboardFactory.Limits;

namespace DashboardFactory.Api.Limits;

public static class LimitsApiExtensions
{
    /// <summary>The Limits section (validated at start) and the per-user count of live KPI feeds.</summary>
    public static IServiceCollection AddDashboardFactoryLimits(this IServiceCollection services)
    {
        services.AddLimitsOptions();
        services.AddSingleton<KpiSubscriptionQuota>();
        return services;
    }

    /// <summary>After authorization, so an anonymous or refused caller's body is never read.</summary>
    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        app.UseMiddleware<RequestBodyGuard>();
        return app;
    }

    /// <summary>Bounds this endpoint's body by another setting than Limits:MaxBodyBytes.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, string setting, Func<LimitsOptions, int> bytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(setting, bytes));
}
