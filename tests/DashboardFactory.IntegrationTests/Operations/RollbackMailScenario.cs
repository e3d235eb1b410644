using System.Net;
using System.Net.Http.Json;
using DashboardFactory.Cockpits;
using DashboardFactory.IntegrationTests.Cockpits;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Operations;

/// <summary>
/// A small fleet for rollback mail: two operators with addresses (two cockpits and one), one without (one
/// cockpit), an admin with an address and one without, and a widget installed on all four cockpits.
/// </summary>
public sealed class RollbackMailScenario
{
    private RollbackMailScenario(string featureId, string tag) => (FeatureId, Tag) = (featureId, tag);

    public string FeatureId { get; }

    public string Tag { get; }

    public string OperatorA => $"opa-{Tag}";

    public string OperatorB => $"opb-{Tag}";

    public string Silent => $"ops-{Tag}";

    public string Admin => $"adm-{Tag}";

    public string AddressOf(string userId) => $"{userId}@example.test";

    public IReadOnlyList<string> CockpitsOf(string userId) => userId == OperatorA ? [$"c1-{Tag}", $"c2-{Tag}"] : userId == OperatorB ? [$"c3-{Tag}"] : [$"c4-{Tag}"];

    /// <summary>The messages a rollback of the feature must send: two operators and one admin.</summary>
    public int ExpectedMessages => 3;

    public static async Task<RollbackMailScenario> CreateAsync(ApiFactory api)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var scenario = new RollbackMailScenario($"feat-{tag}", tag);
        var admin = api.Admin();
        foreach (var (id, role, email) in new[]
                 {
                     (scenario.OperatorA, "operator", true), (scenario.OperatorB, "operator", true), (scenario.Silent, "operator", false),
                     (scenario.Admin, "admin", true), ($"adx-{tag}", "admin", false), ($"opt-{tag}", "optimizer", true),
                 })
        {
            var created = await admin.PostAsJsonAsync("/api/users", new { id, name = $"User {id}", role, xp = 10, email = email ? scenario.AddressOf(id) : null });
            await created.ShouldBeJsonAsync(HttpStatusCode.Created);
        }

        (await admin.PostAsJsonAsync("/api/features", new { id = scenario.FeatureId, name = "Bad widget" })).EnsureSuccessStatusCode();
        var grains = api.Service<IGrainFactory>();
        foreach (var owner in new[] { scenario.OperatorA, scenario.OperatorB, scenario.Silent })
        {
            foreach (var cockpit in scenario.CockpitsOf(owner))
            {
                (await admin.PostAsJsonAsync("/api/cockpits", new { id = cockpit, ownerId = owner, title = $"Cockpit {cockpit}" })).EnsureSuccessStatusCode();
                await grains.GetGrain<ICockpitGrain>(cockpit).ApplyReleaseAsync(Releases.Widget(scenario.FeatureId));
            }
        }

        return scenario;
    }

    /// <summary>Rolls the feature back through the API and waits until the rollback reports completed.</summary>
    public async Task RollBackAsync(ApiFactory api)
    {
        var started = await api.Admin().PostAsJsonAsync($"/api/features/{FeatureId}/rollback", new { reason = "XSS in widget html" });
        var rollbackId = (await started.ShouldBeJsonAsync(HttpStatusCode.Accepted)).GetProperty("rollbackId").GetString();
        var done = await Eventually.Async(
            async () => await (await api.Admin().GetAsync($"/api/rollbacks/{rollbackId}")).ShouldBeJsonAsync(HttpStatusCode.OK),
            r => r.GetProperty("state").GetString() == "completed", TimeSpan.FromSeconds(60));
        done.GetProperty("restored").GetInt32().Should().Be(4, "the rollback {0} reverted every cockpit: {1}", rollbackId, done);
    }

    /// <summary>The messages of this scenario's feature, checked: one per operator with an address and one per admin with one.</summary>
    public void ShouldHaveBeenMailedOnce(SmtpSink smtp)
    {
        var mine = smtp.Received
            .Where(m => m.Subject.Contains(FeatureId, StringComparison.Ordinal) && m.ToAddresses.Any(a => a.Address.EndsWith($"-{Tag}@example.test", StringComparison.Ordinal)))
            .ToList();
        mine.Should().HaveCount(ExpectedMessages, "two operators and one admin have addresses: {0}",
            string.Join("; ", mine.Select(m => $"{m.ToAddresses[0].Address} '{m.Subject}'")));

        foreach (var owner in new[] { OperatorA, OperatorB })
        {
            var mail = mine.Should().ContainSingle(m => m.ToAddresses.Single().Address == AddressOf(owner), "{0} gets exactly one message", owner).Subject;
            mail.Subject.Should().Be($"{FeatureId} was removed from your cockpits");
            var body = mail.MessageParts[0].BodyData;
            foreach (var cockpit in CockpitsOf(owner))
            {
                body.Should().Contain($"- {cockpit}", "{0}'s message lists their cockpits", owner);
            }

            body.Should().NotContain(CockpitsOf(Silent)[0], "an operator's message lists only their own cockpits");
            body.Should().Contain("XSS in widget html");
        }

        var alert = mine.Should().ContainSingle(m => m.ToAddresses.Single().Address == AddressOf(Admin)).Subject;
        alert.Subject.Should().Be($"ROLLBACK ALERT: {FeatureId}");
        alert.MessageParts[0].BodyData.Should().Contain("Restored: 4").And.Contain("Operators told by e-mail: 2");
        mine.Should().NotContain(m => m.ToAddresses.Any(a => a.Address == AddressOf($"opt-{Tag}")), "optimizers are not told");
    }
}
