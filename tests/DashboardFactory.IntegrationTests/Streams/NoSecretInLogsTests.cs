using System.Net;
using System.Net.Http.Headers;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardFactory.IntegrationTests.Streams;

/// <summary>
/// Tokens and tickets in query strings never reach a log. ASP.NET Core, Kestrel and the product log at Debug, the
/// API runs on a real Kestrel socket, and requests carry ?access_token= and ?ticket= on every path that takes them
/// (valid, used-up and bogus ones, and the Orleans Dashboard's sign-in); none of those values appears anywhere in what was logged.
/// </summary>
public sealed class NoSecretInLogsTests(NoSecretInLogsTests.DebugKestrelHost api) : IClassFixture<NoSecretInLogsTests.DebugKestrelHost>
{
    [Fact]
    public async Task NeitherAccessTokensNorTicketsInQueryStringsAppearInAnyLogLine()
    {
        var (cockpitId, ownerToken) = await api.NewCockpitAsync();
        var code = await api.KpiWithDataAsync();
        using var http = new HttpClient { BaseAddress = api.KestrelAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ownerToken);
        var kpiTicket = await http.TicketAsync($"kpi:{code}");
        var pageTicket = await http.TicketAsync($"cockpit:{cockpitId}");
        var hubTicket = await http.TicketAsync($"cockpit:{cockpitId}");
        const string bogusToken = "op-nobody.bogus-secret-value-0123456789";
        const string bogusTicket = "tkt_bogus-ticket-value-0123456789";
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = api.KestrelAddress, Timeout = TimeSpan.FromSeconds(30) };

        (await Status(anonymous, $"/cockpits/{cockpitId}?access_token={Uri.EscapeDataString(ownerToken)}")).Should().Be(HttpStatusCode.OK);
        (await Status(anonymous, $"/cockpits/{cockpitId}?ticket={pageTicket}")).Should().Be(HttpStatusCode.OK);
        (await Status(anonymous, $"/cockpits/{cockpitId}?ticket={pageTicket}")).Should().Be(HttpStatusCode.Unauthorized);
        (await Stream(anonymous, $"/api/streams/kpis/{code}?period=minute&access_token={Uri.EscapeDataString(ownerToken)}")).Should().Be(HttpStatusCode.OK);
        (await Stream(anonymous, $"/api/streams/kpis/{code}?period=minute&ticket={kpiTicket}")).Should().Be(HttpStatusCode.OK);
        (await Stream(anonymous, $"/api/streams/cockpits/{cockpitId}?access_token={Uri.EscapeDataString(ownerToken)}")).Should().Be(HttpStatusCode.OK);
        (await Post(anonymous, $"/hubs/cockpit/negotiate?negotiateVersion=1&ticket={hubTicket}")).Should().Be(HttpStatusCode.OK);
        (await Post(anonymous, $"/hubs/cockpit/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(ownerToken)}")).Should().Be(HttpStatusCode.OK);
        (await Status(anonymous, $"/admin/orleans?access_token={Uri.EscapeDataString(ApiFactory.AdminToken)}")).Should().Be(HttpStatusCode.Redirect,
            "the Orleans Dashboard's sign-in takes a token in the query string too");
        (await Status(anonymous, $"/cockpits/{cockpitId}?access_token={bogusToken}")).Should().Be(HttpStatusCode.Unauthorized);
        (await Status(anonymous, $"/api/streams/cockpits/{cockpitId}?ticket={bogusTicket}")).Should().Be(HttpStatusCode.Unauthorized);
        await api.Logs.WaitForAsync(l => l.Contains("Request finished") && l.Contains("/api/streams/cockpits/") && l.Contains("ticket=***") && l.Contains(" 401 "),
            "the last request finishing");
        await api.Logs.WaitForAsync(l => l.Contains("Request finished") && l.Contains("/api/streams/cockpits/") && l.Contains("access_token=***") && l.Contains(" 200 "),
            "the cockpit stream finishing after the client left");

        var lines = api.Logs.Lines.ToList();
        var secrets = new[] { ownerToken, ownerToken.Split('.')[1], Uri.EscapeDataString(ownerToken), kpiTicket, pageTicket, hubTicket, bogusToken, bogusTicket, ApiFactory.AdminToken };
        lines.Should().Contain(l => l.Contains("Request starting") && l.Contains("access_token=***"), "Debug logging saw the URLs, masked");
        lines.Should().Contain(l => l.Contains("Request starting") && l.Contains("ticket=***"));
        lines.Should().Contain(l => l.StartsWith("Debug Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal), "Kestrel logs at Debug");
        foreach (var secret in secrets)
        {
            lines.Where(l => l.Contains(secret, StringComparison.Ordinal)).Should().BeEmpty("'{0}' must never be logged", secret[..8] + "…");
        }
    }

    private static async Task<HttpStatusCode> Status(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> Post(HttpClient client, string url)
    {
        using var response = await client.PostAsync(url, null);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> Stream(HttpClient client, string url)
    {
        using var response = await client.OpenStreamAsync(url);
        return response.StatusCode;
    }

    /// <summary>The API on a real Kestrel socket with ASP.NET Core, Kestrel and the product logging at Debug.</summary>
    public sealed class DebugKestrelHost : ApiFactory
    {
        public DebugKestrelHost()
        {
            UseKestrel(FreePorts.Next());
            StartServer();
        }

        public Uri KestrelAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel"] = "Debug",
            ["Logging:LogLevel:DashboardFactory"] = "Debug",
            ["Logging:LogLevel:Orleans"] = "Warning",
        };
    }
}
