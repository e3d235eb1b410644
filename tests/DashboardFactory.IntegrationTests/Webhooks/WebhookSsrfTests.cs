using System.Net;
using System.Net.Http.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardFactory.IntegrationTests.Webhooks;

/// <summary>
/// The SSRF guard with the default configuration (Webhooks:AllowedNetworks empty): URLs whose host is, or resolves to,
/// a loopback, link-local, private, unique-local, multicast or unspecified address are refused with 422; and a name
/// that resolves to a public address when the webhook is created but to loopback later reaches nothing.
/// </summary>
public sealed class WebhookSsrfTests(WebhookSsrfTests.GuardedHost host) : IClassFixture<WebhookSsrfTests.GuardedHost>
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", "loopback")]
    [InlineData("http://127.1.2.3/hook", "loopback")]
    [InlineData("http://[::1]:8080/hook", "loopback")]
    [InlineData("http://[::ffff:127.0.0.1]/hook", "loopback")]
    [InlineData("http://[::ffff:10.0.0.1]/hook", "private")]
    [InlineData("http://localhost:8080/hook", "loopback")]
    [InlineData("https://10.1.2.3/hook", "private")]
    [InlineData("http://172.16.0.1/hook", "private")]
    [InlineData("http://192.168.1.1/hook", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("http://[fe80::1]/hook", "link-local")]
    [InlineData("http://[fd00::1]/hook", "unique-local")]
    [InlineData("http://224.0.0.1/hook", "multicast")]
    [InlineData("http://[ff02::1]/hook", "multicast")]
    [InlineData("http://0.0.0.0/hook", "unspecified")]
    [InlineData("http://[::]/hook", "unspecified")]
    [InlineData("http://private.test/hook", "private")]
    public async Task AUrlThatReachesAnInternalAddressIsRefusedWith422(string url, string kind)
    {
        var response = await host.Admin().PostAsJsonAsync("/api/webhooks", new { url, events = new[] { "campaign.completed" } });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var reason = problem.GetProperty("errors").GetProperty("url")[0].GetString();
        reason.Should().Contain($"{kind} address").And.Contain("Webhooks:AllowedNetworks");
    }

    [Fact]
    public async Task ANameThatResolvesToLoopbackOnlyAtDeliveryTimeReachesNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var hook = receiver.NewHook(host: "rebind.test");
        var created = await (await host.Admin().PostAsJsonAsync("/api/webhooks", new { url = hook.Url, events = new[] { "campaign.completed" } }))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        host.Resolver.Rebind("rebind.test", IPAddress.Loopback);

        await (await host.Admin().PostAsync($"/api/webhooks/{id}/test", null)).ShouldBeJsonAsync(HttpStatusCode.Accepted);

        var log = await Eventually.Async(
            async () => (await (await host.Admin().GetAsync($"/api/webhooks/{id}/deliveries")).ShouldBeJsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList(),
            l => l.Any(d => d.GetProperty("status").GetString() == "failed"));
        var failed = log.First(d => d.GetProperty("status").GetString() == "failed");
        failed.GetProperty("error").GetString().Should().Contain("Refused").And.Contain("loopback");
        hook.Requests.Should().BeEmpty("the guard runs again when the connection is made");
    }

    /// <summary>The default guard (no allow-list), with a resolver that knows two test names.</summary>
    public sealed class GuardedHost : ApiFactory
    {
        public SwitchableResolver Resolver { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IHostResolver>(Resolver));
        }
    }

    /// <summary>rebind.test answers a public address until rebound; private.test is 10.0.0.7; anything else goes to DNS.</summary>
    public sealed class SwitchableResolver : IHostResolver
    {
        private readonly Dictionary<string, IPAddress> _names = new(StringComparer.OrdinalIgnoreCase)
        {
            ["rebind.test"] = IPAddress.Parse("93.184.216.34"),
            ["private.test"] = IPAddress.Parse("10.0.0.7"),
        };

        public void Rebind(string name, IPAddress address)
        {
            lock (_names)
            {
                _names[name] = address;
            }
        }

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            lock (_names)
            {
                if (_names.TryGetValue(host, out var address))
                {
                    return Task.FromResult<IPAddress[]>([address]);
                }
            }

            return Dns.GetHostAddressesAsync(host, cancellationToken);
        }
    }
}
