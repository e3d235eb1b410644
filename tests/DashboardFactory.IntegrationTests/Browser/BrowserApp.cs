using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DashboardFactory.IntegrationTests.Browser;

/// <summary>
/// The API in its embedded default on a real Kestrel port (a browser needs a socket), with its front end as
/// `dotnet build` made it, and one headless Debian Chromium driven by Playwright, shared by a test class. Each test
/// opens its own browser context, so cookies, sessionStorage and localStorage never leak between tests.
/// </summary>
public class BrowserApp : ApiFactory, IAsyncLifetime
{
    private IPlaywright? _playwright;

    public BrowserApp() => UseKestrel(0);

    /// <summary>Seconds before a cockpit reloads itself after a factory update; short, so tests need not wait 10 s.</summary>
    public const int AutoReloadSeconds = 2;

    public Uri Address { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Hub connections by user, so a test can drop one from the server side as a network fault would.</summary>
    public HubConnections Connections { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Pages:AutoReloadSeconds"] = AutoReloadSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Configure<HubOptions>(o => o.AddFilter(Connections)));
    }

    public async Task InitializeAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = HeadlessChromium.Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public new async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A fresh browser context at desktop size (or the given one) with a page that records every console error and failed request.</summary>
    public async Task<BrowserPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return new BrowserPage(context, await context.NewPageAsync());
    }
}
