namespace DashboardFactory.IntegrationTests.Browser;

/// <summary>
/// The browser app with rollouts slowed to one cockpit per quarter second, so a console test can pause a campaign
/// while it runs; small fleets still finish in about a second.
/// </summary>
public sealed class AdminBrowserApp : BrowserApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Campaigns:Window"] = "1",
        ["Campaigns:BatchSize"] = "1",
        ["Campaigns:TickInterval"] = "00:00:00.250",
    };
}
