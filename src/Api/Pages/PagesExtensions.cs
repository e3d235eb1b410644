using DashboardFactory.Rendering;

namespace DashboardFactory.Api.Pages;

public static class PagesExtensions
{
    /// <summary>The built front end and what serves it: asset files, the login page.</summary>
    public static IServiceCollection AddDashboardFactoryPages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PagesOptions>()
            .Bind(configuration.GetSection(PagesOptions.Section))
            .Validate(o => o.AutoReloadSeconds is >= 0 and <= 3600, "Pages:AutoReloadSeconds must be from 0 to 3600.")
            .Validate(o => o.TicketSessionLifetime > TimeSpan.Zero && o.TicketSessionLifetime <= TimeSpan.FromDays(7), "Pages:TicketSessionLifetime must be more than 0 and at most 7 days.")
            .ValidateOnStart();
        services.AddRenderingOptions();
        services.AddSingleton<ScopedPageSession>();
        return services.AddSingleton<ClientAssets>();
    }

    public static IEndpointRouteBuilder MapDashboardFactoryPages(this IEndpointRouteBuilder app) =>
        app.MapClientAssets().MapLoginApi().MapWidgetFrameApi();
}
