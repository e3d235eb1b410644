using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Streams;

public static class StreamsExtensions
{
    public const string CorsPolicy = "streams";

    /// <summary>Tickets (and their scope on the hub), the cockpit SSE relay, CORS for the stream GETs, and query secrets kept out of logs.</summary>
    public static IServiceCollection AddDashboardFactoryStreams(this IServiceCollection services)
    {
        services.AddOptions<StreamsOptions>().BindConfiguration(StreamsOptions.Section)
            .Validate(o => o.IsValid(),
                "Streams: TicketLifetime from 0 to 10 min, ReplayBufferSize 1..10000, ResumeGrace >= 0, KeepAlive and Retry > 0, " +
                "AllowedOrigins entries \"*\" or an origin such as https://wall.example.com (scheme, host, optional port; no path).")
            .ValidateOnStart();
        services.AddSingleton<TicketAuthenticator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, StreamProblemDetailsWriter>());
        services.AddSingleton<CockpitStreamRelay>();
        services.Configure<HubOptions>(o => o.AddFilter<TicketScopeHubFilter>());
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<StreamsOptions>>((cors, streams) => cors.AddPolicy(CorsPolicy, policy =>
            {
                var origins = streams.Value.AllowedOrigins;
                if (origins.Contains("*"))
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins(origins);
                }

                policy.WithMethods("GET").WithHeaders("Authorization", "Last-Event-ID", "Cache-Control").SetPreflightMaxAge(TimeSpan.FromHours(1));
            }));

        // Wraps whatever logger factory the host set up, so every provider (added before or after this) gets masked entries.
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));
        return services;
    }

    /// <summary>CORS for the stream GETs (and their preflights), before authentication so a preflight needs no token.</summary>
    public static WebApplication UseDashboardFactoryStreams(this WebApplication app)
    {
        app.UseWhen(context => IsStreamGet(context.Request), branch => branch.UseCors(CorsPolicy));
        return app;
    }

    private static bool IsStreamGet(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsOptions(request.Method))
        && (request.Path.StartsWithSegments("/api/streams/kpis", StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments("/api/streams/cockpits", StringComparison.OrdinalIgnoreCase));
}
