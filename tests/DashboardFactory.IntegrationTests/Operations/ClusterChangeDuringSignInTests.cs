using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardFactory.IntegrationTests.Operations;

/// <summary>
/// A user token is checked by the user's grain during authentication, before the API's retry middleware runs. In the
/// silo-leave drill an operator's PATCH was answered 503 when that check was refused by the silo that was leaving
/// (OrleansMessageRejectionException, no retry logged): the check is run again like the endpoint's own calls.
/// </summary>
public sealed class ClusterChangeDuringSignInTests(ClusterChangeDuringSignInTests.Host api) : IClassFixture<ClusterChangeDuringSignInTests.Host>
{
    [Fact]
    public async Task AnOperatorsPatchIsAnsweredWhenTheSiloRefusesTheirSignInOnce()
    {
        var (owner, token, id) = await NewCockpitAsync();
        api.SignIns.Fail(owner, 1, ClusterChangeRetryTests.Rejected);

        using var response = await api.ClientWithToken(token).SendAsync(Patch(id, """{"title":"after the leave"}"""));

        var body = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        body.GetProperty("title").GetString().Should().Be("after the leave");
        api.SignIns.Calls(owner).Should().Be(2, "the refused check and the one that answered");
        api.Logs.Lines.Should().Contain(l => l.Contains("Bearer token sign-in: the cluster changed under the call (OrleansMessageRejectionException); running it again (retry 1)", StringComparison.Ordinal),
            "an operator sees in the log that the sign-in was run again");
    }

    [Fact]
    public async Task ASignInThatMetAnUnavailableSiloRunsAgainEvenForAPost()
    {
        // Nothing of the POST ran yet: only the read of the user grain is repeated.
        var (owner, token, _) = await NewCockpitAsync();
        api.SignIns.Fail(owner, 1, () => new SiloUnavailableException("gone (test)"));

        using var response = await api.ClientWithToken(token).PostAsJsonAsync("/api/cockpits", new { id = ApiFactory.NewId("c"), ownerId = owner, title = "Second" });

        await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        api.SignIns.Calls(owner).Should().Be(2);
    }

    [Fact]
    public async Task ASignInRefusedPastTheRetriesIsA503NotA401()
    {
        var (owner, token, id) = await NewCockpitAsync();
        api.SignIns.Fail(owner, 10, ClusterChangeRetryTests.Rejected);

        using var response = await api.ClientWithToken(token).GetAsync($"/api/cockpits/{id}");

        await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.Should().NotBeNull();
        api.SignIns.Calls(owner).Should().Be(4, "the first check and three retries");
        api.SignIns.Fail(owner, 0, ClusterChangeRetryTests.Rejected);
        (await api.ClientWithToken(token).GetAsync($"/api/cockpits/{id}")).StatusCode.Should().Be(HttpStatusCode.OK, "the token was never refused");
    }

    private async Task<(string Owner, string Token, string CockpitId)> NewCockpitAsync()
    {
        var owner = ApiFactory.NewId("op");
        var token = await api.CreateUserAsync(owner, "operator");
        var id = ApiFactory.NewId("c");
        var created = await api.ClientWithToken(token).PostAsJsonAsync("/api/cockpits", new { id, ownerId = owner, title = "Night shift" });
        await created.ShouldBeJsonAsync(HttpStatusCode.Created);
        return (owner, token, id);
    }

    private static HttpRequestMessage Patch(string id, string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        return new HttpRequestMessage(HttpMethod.Patch, $"/api/cockpits/{id}") { Content = content };
    }

    /// <summary>The API with a filter on its embedded silo that can fail a user's token checks.</summary>
    public sealed class Host : ApiFactory
    {
        public SignInFaults SignIns { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IIncomingGrainCallFilter>(SignIns));
        }
    }

    /// <summary>Fails the next checks of a user's token (<see cref="IUserGrain.AuthenticateAsync"/>) as a leaving silo would, and counts them.</summary>
    public sealed class SignInFaults : IIncomingGrainCallFilter
    {
        private readonly ConcurrentDictionary<string, (int Left, Func<Exception> Fault)> _faults = new();
        private readonly ConcurrentDictionary<string, int> _calls = new();

        public void Fail(string userId, int times, Func<Exception> fault)
        {
            _faults[userId] = (times, fault);
            _calls[userId] = 0;
        }

        public int Calls(string userId) => _calls.GetValueOrDefault(userId);

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.InterfaceMethod?.DeclaringType != typeof(IUserGrain) || context.InterfaceMethod.Name != nameof(IUserGrain.AuthenticateAsync))
            {
                return context.Invoke();
            }

            var userId = context.TargetId.Key.ToString()!;
            _calls.AddOrUpdate(userId, 1, (_, n) => n + 1);
            while (_faults.TryGetValue(userId, out var fault) && fault.Left > 0)
            {
                if (_faults.TryUpdate(userId, (fault.Left - 1, fault.Fault), fault))
                {
                    throw fault.Fault();
                }
            }

            return context.Invoke();
        }
    }
}
