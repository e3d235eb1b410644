using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DashboardFactory.IntegrationTests.Cluster;

/// <summary>The API as a newcomer runs it: no database, no configured token, demo data on.</summary>
public sealed class EmbeddedStartupTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string TokenPrefix = "Admin token: ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120); // generous: the machine is shared and the embedded silo also starts the Orleans Dashboard

    private HostProcess? _api;

    [Fact]
    public async Task PrintsAGeneratedAdminTokenThatWorks()
    {
        var httpPort = FreePorts.Next();
        _api = HostProcess.Start("api-embedded", RepositoryPaths.ApiDll, ["--urls", $"http://127.0.0.1:{httpPort}"], new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Orleans__SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePorts.Next().ToString(),
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(15) };

        var line = await _api.WaitForLineAsync(l => l.StartsWith(TokenPrefix, StringComparison.Ordinal), StartTimeout, $"a line '{TokenPrefix}<token>'");
        var token = line[TokenPrefix.Length..].Trim();

        token.Should().MatchRegex("^[A-Za-z0-9_-]{16,}$", "the generated token is printed alone on its line: '{0}'", line);
        var commander = await Eventually.SucceedsAsync("GET /api/users/commander with the printed token answers 200", StartTimeout, async () =>
        {
            using var response = await SendAsync(http, "/api/users/commander", token);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new Eventually.GiveUp($"the printed token was refused with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            response.StatusCode.Should().Be(HttpStatusCode.OK, "the demo seed creates commander (body: {0})", await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<UserDto>())!;
        }, _api.Describe);
        commander.Should().BeEquivalentTo(new UserDto("commander", "Commander", "admin", 5000));

        using var refused = await SendAsync(http, "/api/users/commander", "adm_" + new string('x', 32));

        var mediaType = refused.Content.Headers.ContentType?.MediaType;
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        mediaType.Should().Be("application/problem+json", "every error is a ProblemDetails");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            output.WriteLine(_api.Describe(int.MaxValue));
            await _api.DisposeAsync();
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    private sealed record UserDto(string Id, string Name, string Role, int Xp);
}
