using System.Net.Http.Headers;
using System.Net.Http.Json;
using DashboardFactory.IntegrationTests.Contract;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DashboardFactory.IntegrationTests.Infrastructure;

/// <summary>
/// The API in its embedded default (in-process silo, in-memory providers) on free ports, with a known
/// admin token. Every log line is captured so tests can prove what is never logged.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public const string AdminToken = "test-admin-token-0123456789abcdef";

    public CapturedLogs Logs { get; } = new();

    /// <summary>Every answer the API gave this fixture's clients, when <see cref="RecordsAnswers"/> (checked against the OpenAPI document).</summary>
    public AnswerRecorder Answers { get; } = new();

    /// <summary>Whether <see cref="Answers"/> keeps this fixture's answers; off unless a fixture checks them.</summary>
    protected virtual bool RecordsAnswers => false;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:AdminToken"] = AdminToken,
        ["Demo:Enabled"] = "false",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Orleans:SiloPort", FreePorts.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePorts.Next().ToString());
        builder.UseSetting("Orleans:ClusterId", "api-test-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        if (RecordsAnswers)
        {
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(Answers));
        }
    }

    public HttpClient ClientWithToken(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public HttpClient Admin() => ClientWithToken(AdminToken);

    /// <summary>Creates a user through the API and returns their token.</summary>
    public async Task<string> CreateUserAsync(string id, string role, int xp = 0)
    {
        var response = await Admin().PostAsJsonAsync("/api/users", new { id, name = $"User {id}", role, xp });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        return body!["token"].ToString()!;
    }

    /// <summary>A new KPI code with one accepted point: only a KPI with data may be streamed or subscribed to.</summary>
    public async Task<string> KpiWithDataAsync()
    {
        var code = NewId("kpi");
        var response = await Admin().PostAsJsonAsync($"/api/kpis/{code}/points", new[] { new { ts = DateTimeOffset.UtcNow.AddMinutes(-5), value = 1.0 } });
        response.EnsureSuccessStatusCode();
        return code;
    }

    public static string NewId(string prefix = "u") => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();
}
