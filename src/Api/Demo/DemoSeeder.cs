using System.Text.Json.Nodes;
using DashboardFactory.Cockpits;
using DashboardFactory.Errors;
using DashboardFactory.Features;
using DashboardFactory.Users;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Demo;

/// <summary>
/// Seeds the demo fleet once the host has started (the embedded silo is up by then). Idempotent:
/// what exists is left alone, so it is harmless against a persistent cluster too.
/// Tokens of demo users are not printed; an admin issues them with POST /api/users/{id}/token.
/// </summary>
internal sealed partial class DemoSeeder(
    IHostApplicationLifetime lifetime,
    IGrainFactory grains,
    IOptions<DemoOptions> options,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    internal static readonly IReadOnlyList<(string Id, NewUser User)> Users =
    [
        ("commander", new NewUser("Commander", UserRole.Admin, 5000)),
        ("opt-alice", new NewUser("Alice (optimizer)", UserRole.Optimizer, 1200)),
        ("opt-bob", new NewUser("Bob (optimizer)", UserRole.Optimizer, 800)),
        ("opt-carol", new NewUser("Carol (optimizer)", UserRole.Optimizer, 450)),
        ("opt-dave", new NewUser("Dave (optimizer)", UserRole.Optimizer, 150)),
        .. Enumerable.Range(1, 12).Select(n => ($"op-{n:0000}", new NewUser($"Operator {n}", UserRole.Operator, 10 * n))),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !await StartedAsync(stoppingToken))
        {
            return;
        }

        // A background service that throws stops the host (BackgroundServiceExceptionBehavior.StopHost): demo data
        // is never worth that, so any failure is logged and the product runs on without it.
        try
        {
            var outcomes = await Task.WhenAll(Users.Select(u => CreateAsync(u.Id, u.User)));
            var created = outcomes.Count(c => c);
            await Task.WhenAll(DemoWidgets.All.Select(SeedFeatureAsync));
            var cockpits = await Task.WhenAll(Enumerable.Range(1, CockpitCount).Select(SeedCockpitAsync));
            LogCockpits(cockpits.Count(c => c), CockpitCount);
            LogSeeded(created, Users.Count);
        }
        catch (Exception error) when (!stoppingToken.IsCancellationRequested)
        {
            LogSeedFailed(error);
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal const int CockpitCount = 60;

    private static readonly string[][] CohortSets = [["ops"], ["ops", "night-shift"], ["warehouse-a"], ["warehouse-b", "pilot"], []];

    internal static string CockpitId(int n) => $"cockpit-{n:000}";

    /// <summary>
    /// A cockpit with some factory widgets and the kind of edits operators make: a title, a theme, moved,
    /// hidden and retitled widgets, notes of their own. Varied by n so the fleet is not uniform.
    /// </summary>
    private async Task<bool> SeedCockpitAsync(int n)
    {
        var grain = grains.GetGrain<ICockpitGrain>(CockpitId(n));
        var owner = $"op-{(n - 1) % 12 + 1:0000}";
        try
        {
            var policy = new AutoUpdatePolicy(n % 7 != 0, (ChangeType)(n % 3));
            await grain.CreateAsync(new NewCockpit(owner, $"Cockpit {n}", CohortSets[n % CohortSets.Length], policy), []);
        }
        catch (DomainException exists) when (exists.Kind == DomainErrorKind.Conflict)
        {
            return false;
        }

        var installed = DemoWidgets.All.Where((_, i) => (n + i) % 4 != 0).ToList();
        foreach (var release in installed)
        {
            await grain.ApplyReleaseAsync(release);
        }

        bool Has(string featureId) => installed.Any(r => r.FeatureId == featureId);

        var edits = new JsonObject();
        var widgets = new JsonObject();
        if (n % 2 == 0)
        {
            edits["title"] = $"Line {n % 5 + 1} control";
        }

        if (n % 3 == 0)
        {
            edits["theme"] = new JsonObject
            {
                ["css"] = ":root { --df-bg: #10141c; --df-card: #171f2b; --df-fg: #e8eef7; --df-muted: #9fb0c4; --df-muted-bg: #223044; --df-border: #2b3748; --df-ok: #6fd68f; --df-ok-bg: #173524; --df-bad: #ff8f85; --df-warn: #f5c26b; --df-warn-bg: #3a2d14; }\n"
                    + "body { background: var(--df-bg); color: var(--df-fg); }\n.widget { border-radius: 8px; }\n",
            };
        }

        // Where the factory put each widget: the operator's moves below keep the grid free of holes and empty rows.
        var placed = (JsonNode.Parse((await grain.GetAsync())!.DocumentJson)?["widgets"] as JsonObject ?? [])
            .Where(w => w.Value is JsonObject o && o["hidden"]?.GetValue<bool>() != true)
            .ToDictionary(w => w.Key, w => (JsonObject)w.Value!);
        int At(string id, string key) => placed.TryGetValue(id, out var w) && w[key] is JsonValue v && v.TryGetValue<int>(out var i) ? i : 0;
        var bottom = placed.Keys.Select(id => At(id, "y") + At(id, "h")).DefaultIfEmpty(0).Max();

        if (Has("perfect_order"))
        {
            // Retitled, and on some cockpits swapped with the other stat card of the same size (a move that leaves no hole).
            var card = new JsonObject { ["title"] = $"Perfect orders (line {n % 5 + 1})" };
            if (n % 3 != 1 && placed.ContainsKey("on_time_delivery") && placed.ContainsKey("perfect_order"))
            {
                card["x"] = At("on_time_delivery", "x");
                card["y"] = At("on_time_delivery", "y");
                widgets["on_time_delivery"] = new JsonObject { ["x"] = At("perfect_order", "x"), ["y"] = At("perfect_order", "y") };
            }

            widgets["perfect_order"] = card;
        }

        if (n % 5 == 0 && Has("alerts_feed"))
        {
            widgets["alerts_feed"] = new JsonObject { ["hidden"] = true };
        }

        if (n % 2 == 1)
        {
            widgets["my_notes"] = new JsonObject
            {
                ["type"] = "note", ["title"] = "My notes", ["x"] = 0, ["y"] = bottom, ["w"] = 4, ["h"] = 1,
                ["html"] = $"<p>Call maintenance about conveyor {n}.</p>\n", ["css"] = string.Empty, ["config"] = new JsonObject(), ["hidden"] = false,
            };
        }

        if (widgets.Count > 0)
        {
            edits["widgets"] = widgets;
        }

        if (edits.Count > 0)
        {
            await grain.PatchAsync(edits.ToJsonString(), null, new Caller(owner, IsAdmin: false));
        }

        return true;
    }

    /// <summary>Votes per demo feature (voter → approve), so the fleet shows every stage.</summary>
    private static readonly Dictionary<string, (string Voter, bool Approve)[]> DemoVotes = new()
    {
        ["perfect_order"] = [("opt-bob", true), ("opt-carol", true), ("opt-dave", true)],
        ["on_time_delivery"] = [("opt-bob", true), ("opt-carol", false), ("opt-dave", true)],
        ["inventory_accuracy"] = [("opt-bob", false), ("opt-carol", true), ("opt-dave", true)],
        ["alerts_feed"] = [("opt-bob", true), ("opt-carol", true)],
    };

    private async Task SeedFeatureAsync(FeatureRelease release)
    {
        var feature = grains.GetGrain<IFeatureGrain>(release.FeatureId);
        try
        {
            await feature.CreateAsync(new NewFeature(release.Widget.Title, $"Demo widget: {release.Widget.Title}", "opt-alice"));
        }
        catch (DomainException exists) when (exists.Kind == DomainErrorKind.Conflict)
        {
            return;
        }

        await feature.ProposeReleaseAsync(
            new ReleaseSpec(release.Version, release.ChangeType, release.Widget, release.Injection, release.Quadrant, [], null, null, []),
            new Caller("opt-alice", IsAdmin: false));
        foreach (var (voter, approve) in DemoVotes.GetValueOrDefault(release.FeatureId, []))
        {
            await feature.VoteAsync(new Caller(voter, IsAdmin: false), approve);
        }
    }

    private async Task<bool> CreateAsync(string id, NewUser user)
    {
        try
        {
            await grains.GetGrain<IUserGrain>(id).CreateAsync(user);
            return true;
        }
        catch (DomainException exists) when (exists.Kind == DomainErrorKind.Conflict)
        {
            return false;
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(started.SetResult);
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: created {Created} of {Total} cockpits (the rest existed)")]
    private partial void LogCockpits(int created, int total);

    [LoggerMessage(Level = LogLevel.Error, Message = "Demo data could not be seeded; the host runs on without it")]
    private partial void LogSeedFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: created {Created} of {Total} users (the rest existed)")]
    private partial void LogSeeded(int created, int total);
}
