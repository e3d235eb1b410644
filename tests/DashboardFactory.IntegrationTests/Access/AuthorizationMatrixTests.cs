using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using DashboardFactory.Api.GraphQL.Graph;
using DashboardFactory.Api.RealTime;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static DashboardFactory.IntegrationTests.Access.MatrixProbes;

namespace DashboardFactory.IntegrationTests.Access;

/// <summary>
/// Issue 15, point 3: every entry point of the running app (its route endpoints, the hub's methods, GraphQL's root
/// fields) × the five callers, against ONE table of expected statuses. An entry point without a row fails
/// <see cref="EveryEntryPointOfTheRunningAppHasARow"/>, so nothing ships without deciding who may call it. Reads follow
/// API.md: a cockpit and everything of it (document, page, widget frame and data, snapshots, hub group, GraphQL field
/// and subscription) is for its owner and admins, anyone else gets 404 as if it did not exist, and so do writes to it,
/// so no answer tells whether someone else's cockpit exists; a user record is for that user and admins (403).
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationApp app) : IClassFixture<AuthorizationApp>
{
    // Columns: anonymous, owner operator, other operator, optimizer, admin.
    internal static readonly MatrixRow[] Table =
    [
        // Public: what a newcomer, a probe or a browser needs before signing in.
        new("GET", "/", 200, 200, 200, 200, 200),
        new("*", "/health/live", 200, 200, 200, 200, 200),
        new("*", "/health/ready", 200, 200, 200, 200, 200),
        new("GET", DashboardFactory.Api.Home.OpenApiDocumentApi.Pattern, 200, 200, 200, 200, 200),
        new("GET", "/assets/{**path}", 200, 200, 200, 200, 200),
        new("GET", "/favicon.ico", 302, 302, 302, 302, 302),
        new("GET", "/login", 200, 200, 200, 200, 200),
        new("POST", "/login", 401, 204, 204, 204, 204),
        new("POST", "/logout", 204, 204, 204, 204, 204),
        new("GET", "/graphql/schema.graphql", 200, 200, 200, 200, 200),
        new("GET", "/graphql", 400, 400, 400, 400, 400), // the WebSocket endpoint: a plain GET is a 400 whoever asks; its token comes in connection_init

        // Users: created and changed by admins; a record is for that user and admins.
        new("POST", "/api/users/", 401, 403, 403, 403, 201) { Body = (_, _) => JsonContent.Create(new { id = ApiFactory.NewId("new"), name = "New", role = "operator", xp = 0 }) },
        new("GET", "/api/users/{id}", 401, 200, 403, 403, 200),
        new("PATCH", "/api/users/{id}", 401, 403, 403, 403, 200) { Body = (_, _) => JsonContent.Create(new { xp = 7 }) },
        new("POST", "/api/users/{id}/token", 401, 200, 403, 403, 200) { Answered = OwnerTokenRotated },
        new("DELETE", "/api/users/{id}/token", 401, 204, 403, 403, 204) { Answered = OwnerTokenRevoked },
        new("GET", "/api/me", 401, 200, 200, 200, 200),
        new("GET", "/api/users/{id}/notifications", 401, 200, 403, 403, 200),

        // Cockpits: the owner's and admins'; to anyone else the cockpit and everything of it does not exist.
        new("POST", "/api/cockpits/", 401, 201, 403, 403, 201) { Body = (a, _) => JsonContent.Create(new { id = ApiFactory.NewId("c"), ownerId = a.OwnerId, title = "For the owner" }) },
        new("GET", "/api/cockpits/", 401, 200, 200, 200, 200), // each sees only their own, admins the fleet (ReadAccessTests)
        new("GET", "/api/cockpits/{id}", 401, 200, 404, 404, 200),
        new("PATCH", "/api/cockpits/{id}", 401, 200, 404, 404, 200) { Body = (_, c) => AuthorizationApp.MergePatch(new { title = "Patched by " + c }) },
        new("GET", "/api/cockpits/{id}/snapshots", 401, 200, 404, 404, 200),
        new("GET", "/api/cockpits/{id}/snapshots/{snapshotId}", 401, 200, 404, 404, 200),
        new("POST", "/api/cockpits/{id}/snapshots/{snapshotId}/restore", 401, 200, 404, 404, 200) { Path = a => $"/api/cockpits/{a.RestoreCockpitId}/snapshots/{a.RestoreSnapshotId}/restore" },
        new("GET", "/cockpits/{id}", 401, 200, 404, 404, 200),
        new("GET", "/cockpits/{id}/widgets/{widgetId}/frame", 401, 200, 404, 404, 200) { Path = a => $"/cockpits/{a.CockpitId}/widgets/{AuthorizationApp.ScriptWidgetId}/frame" },
        new("GET", "/api/cockpits/{id}/widgets/{widgetId}/data", 401, 200, 404, 404, 200),
        new("GET", "/api/cockpits/{id}/widgets/data", 401, 200, 404, 404, 200),

        // Features: optimizers and admins build; the author or an admin releases; optimizers and admins vote; admins govern.
        new("POST", "/api/features/", 401, 403, 403, 201, 201) { Body = (_, _) => JsonContent.Create(new { id = ApiFactory.NewId("f"), name = "New" }) },
        new("GET", "/api/features/", 401, 200, 200, 200, 200),
        new("GET", "/api/features/{id}", 401, 200, 200, 200, 200),
        new("GET", "/api/features/{id}/history", 401, 403, 403, 200, 200),
        new("PATCH", "/api/features/{id}", 401, 403, 403, 403, 200) { Body = (_, _) => JsonContent.Create(new { cohorts = Array.Empty<string>() }) },
        new("GET", "/api/features/{id}/releases/{version}/preview", 401, 403, 403, 403, 200) // admins and the feature's author (not this optimizer)
        {
            Path = a => $"/api/features/{a.ApprovableFeatureId}/releases/{AuthorizationApp.ApprovableVersion}/preview",
        },
        new("POST", "/api/features/{id}/releases", 401, 403, 403, 201, 201)
        {
            Path = a => $"/api/features/{a.DraftFeatureId}/releases",
            Body = (a, _) => JsonContent.Create(AuthorizationApp.Release(a.NextReleaseVersion(), "safe", "nobody")),
        },
        new("POST", "/api/features/{id}/releases/{version}/approve", 401, 403, 403, 403, 200) { Path = a => $"/api/features/{a.ApprovableFeatureId}/releases/{AuthorizationApp.ApprovableVersion}/approve" },
        new("POST", "/api/features/{id}/votes", 401, 403, 403, 200, 200) { Path = a => $"/api/features/{a.VotableFeatureId}/votes", Body = (_, _) => JsonContent.Create(new { approve = true }) },
        new("POST", "/api/features/{id}/deprecate", 401, 403, 403, 403, 200) { Path = a => $"/api/features/{a.DeprecateFeatureId}/deprecate", Body = (_, _) => JsonContent.Create(new { reason = "matrix" }) },
        new("POST", "/api/features/{id}/undeprecate", 401, 403, 403, 403, 200) { Path = a => $"/api/features/{a.UndeprecateFeatureId}/undeprecate" },
        new("POST", "/api/features/{id}/rollback", 401, 403, 403, 403, 202) { Path = a => $"/api/features/{a.RollbackFeatureId}/rollback", Body = (_, _) => JsonContent.Create(new { reason = "matrix" }) },

        // Campaigns and rollbacks: admins and optimizers read them; admins steer.
        new("GET", "/api/campaigns/", 401, 403, 403, 200, 200),
        new("GET", "/api/campaigns/{id}", 401, 403, 403, 200, 200),
        new("POST", "/api/campaigns/{id}/pause", 401, 403, 403, 403, 200),
        new("POST", "/api/campaigns/{id}/resume", 401, 403, 403, 403, 200),
        new("POST", "/api/campaigns/{id}/cancel", 401, 403, 403, 403, 200),
        new("GET", "/api/rollbacks/{id}", 401, 403, 403, 200, 200),

        // The ops board and the admin pages (a page is served to anyone signed in; its data calls decide).
        new("GET", "/api/ops/board", 401, 403, 403, 403, 200),
        new("GET", "/admin", 401, 200, 200, 200, 200),
        new("GET", "/admin/ops", 401, 200, 200, 200, 200),

        // Webhooks: admins only.
        new("POST", "/api/webhooks/", 401, 403, 403, 403, 201) { Body = (_, _) => JsonContent.Create(new { url = "http://127.0.0.1:9/matrix-new", events = new[] { "campaign.completed" } }) },
        new("GET", "/api/webhooks/", 401, 403, 403, 403, 200),
        new("GET", "/api/webhooks/{id}", 401, 403, 403, 403, 200),
        new("DELETE", "/api/webhooks/{id}", 401, 403, 403, 403, 200) { Path = a => $"/api/webhooks/{a.DeletableWebhookId}" },
        new("POST", "/api/webhooks/{id}/rotate", 401, 403, 403, 403, 200),
        new("POST", "/api/webhooks/{id}/test", 401, 403, 403, 403, 202),
        new("GET", "/api/webhooks/{id}/deliveries", 401, 403, 403, 403, 200),

        // Stream tickets: anyone signed in, for what they may read.
        new("POST", "/api/streams/tickets", 401, 200, 200, 200, 200) { Body = (a, _) => JsonContent.Create(new { scope = "kpi:" + a.KpiCode }) },
        new("GET", "/api/streams/cockpits/{id}", 401, 200, 404, 404, 200),

        // KPIs: any signed-in user feeds and reads them (KpisApi says why).
        new("GET", "/api/kpis/", 401, 200, 200, 200, 200),
        new("POST", "/api/kpis/{code}/points", 401, 202, 202, 202, 202) { Body = (_, _) => JsonContent.Create(new[] { new { ts = DateTimeOffset.UtcNow, value = 1.0 } }) },
        new("GET", "/api/kpis/{code}", 401, 200, 200, 200, 200) { Query = "?period=minute" },
        new("GET", "/api/kpis/{code}/series", 401, 200, 200, 200, 200),
        new("GET", "/api/kpis/{code}/subscribers", 401, 200, 200, 200, 200),
        new("GET", "/api/streams/kpis/{code}", 401, 200, 200, 200, 200) { Query = "?period=minute" },
        new("GET", "/api/dashboard/overview", 401, 403, 403, 403, 200), // it carries the admins' alerts
        new("GET", "/api/dashboard/metrics", 401, 200, 200, 200, 200),

        // GraphQL over HTTP; its fields are rows of their own below.
        new("POST", "/graphql", 401, 200, 200, 200, 200) { Body = (_, _) => JsonContent.Create(new { query = "{ __typename }" }) },

        // The hub's transport: only signed-in callers get as far as SignalR's own answers (a GET without a connection id is a 400).
        new("*", "/hubs/cockpit/negotiate", 401, 200, 200, 200, 200) { Send = "POST", Query = "?negotiateVersion=1" },
        new("*", "/hubs/cockpit", 401, 400, 400, 400, 400),

        // The Orleans Dashboard: admins only, every file and every data call of it.
        new("GET", "/admin/orleans/", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/index.html", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/favicon.ico", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/index.min.js", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/index.css", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/fonts/{**path}", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/img/{**path}", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/version", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/DashboardCounters", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/ClusterStats", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/Reminders", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/Reminders/{page:int}", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/HistoricalStats/{*path}", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/SiloProperties/{*address}", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/SiloMetadata/{*address}", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/SiloStats/{*address}", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/SiloCounters/{*address}", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/GrainStats/{*grainName}", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/TopGrainMethods", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/GrainState", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/LifecycleStages", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/GrainTypes", 401, 403, 403, 403, 200),
        new("GET", "/admin/orleans/Trace", 401, 403, 403, 403, 200),

        // Hub methods.
        new("HUB", "JoinCockpit", 401, 200, 404, 404, 200) { Probe = (a, c) => HubAsync(a, c, "JoinCockpit", a.CockpitId) },
        new("HUB", "LeaveCockpit", 401, 200, 200, 200, 200) { Probe = (a, c) => HubAsync(a, c, "LeaveCockpit", a.CockpitId) },
        new("HUB", "SubscribeKpi", 401, 200, 200, 200, 200) { Probe = (a, c) => HubAsync(a, c, "SubscribeKpi", a.KpiCode, "minute") },
        new("HUB", "UnsubscribeKpi", 401, 200, 200, 200, 200) { Probe = (a, c) => HubAsync(a, c, "UnsubscribeKpi", a.KpiCode, "minute") },

        // GraphQL root fields: the same rules as REST.
        new("GRAPHQL", "query cockpit", 401, 200, 404, 404, 200) { Probe = (a, c) => GraphQLAsync(a, c, "query($id: ID!) { cockpit(id: $id) { id } }", new { id = a.CockpitId }) },
        new("GRAPHQL", "query cockpits", 401, 200, 200, 200, 200) { Probe = (a, c) => GraphQLAsync(a, c, "{ cockpits(first: 5) { items { id } } }") },
        new("GRAPHQL", "query me", 401, 200, 200, 200, 200) { Probe = (a, c) => GraphQLAsync(a, c, "{ me { id } }") },
        new("GRAPHQL", "query user", 401, 200, 403, 403, 200) { Probe = (a, c) => GraphQLAsync(a, c, "query($id: ID!) { user(id: $id) { id } }", new { id = a.OwnerId }) },
        new("GRAPHQL", "query feature", 401, 200, 200, 200, 200) { Probe = (a, c) => GraphQLAsync(a, c, "query($id: ID!) { feature(id: $id) { id } }", new { id = a.FeatureId }) },
        new("GRAPHQL", "query features", 401, 200, 200, 200, 200) { Probe = (a, c) => GraphQLAsync(a, c, "{ features { id } }") },
        new("GRAPHQL", "query campaign", 401, 403, 403, 200, 200) { Probe = (a, c) => GraphQLAsync(a, c, "query($id: ID!) { campaign(id: $id) { id } }", new { id = a.CampaignId }) },
        new("GRAPHQL", "query opsBoard", 401, 403, 403, 403, 200) { Probe = (a, c) => GraphQLAsync(a, c, "{ opsBoard { storage flags { id health } silos { status } } }") },
        new("GRAPHQL", "query kpi", 401, 200, 200, 200, 200) { Probe = (a, c) => GraphQLAsync(a, c, "query($code: ID!) { kpi(code: $code) { avg } }", new { code = a.KpiCode }) },
        new("GRAPHQL", "query kpiSeries", 401, 200, 200, 200, 200) { Probe = (a, c) => GraphQLAsync(a, c, "query($code: ID!) { kpiSeries(code: $code) { avg } }", new { code = a.KpiCode }) },
        new("GRAPHQL", "mutation vote", 401, 403, 403, 200, 200) { Probe = (a, c) => GraphQLAsync(a, c, "mutation($f: ID!) { vote(featureId: $f, approve: true) { stage } }", new { f = a.VotableFeatureId }) },
        new("GRAPHQL", "mutation ingestKpiPoints", 401, 200, 200, 200, 200)
        {
            Probe = (a, c) => GraphQLAsync(a, c, "mutation($code: ID!, $points: [KpiPointInput!]!) { ingestKpiPoints(code: $code, points: $points) { accepted } }",
                new { code = a.KpiCode, points = new[] { new { ts = DateTimeOffset.UtcNow, value = 2.0 } } }),
        },
        new("GRAPHQL", "subscription kpiValue", 401, 200, 200, 200, 200) { Probe = (a, c) => SubscribeAsync(a, c, "subscription($code: ID!) { kpiValue(code: $code) { avg } }", new { code = a.KpiCode }) },
        new("GRAPHQL", "subscription cockpitUpdated", 401, 200, 404, 404, 200)
        {
            Probe = (a, c) => SubscribeAsync(a, c, "subscription($id: ID!) { cockpitUpdated(cockpitId: $id) { version } }", new { id = a.CockpitId }, () => a.TouchCockpitAsync()),
        },
        new("GRAPHQL", "subscription alerts", 401, 403, 403, 403, 200) { Probe = (a, c) => SubscribeAsync(a, c, "subscription { alerts { kind } }", null, () => a.RaiseAlertAsync()) },
    ];

    public static TheoryData<string> Rows => [.. Table.Select(r => r.Key)];

    [Fact]
    public void EveryEntryPointOfTheRunningAppHasARow()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Where(m => m != "OPTIONS") // CORS preflights answer for the method they ask about
                .Select(m => $"{m} {e.RoutePattern.RawText}"));
        var hubMethods = typeof(CockpitHub).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetBaseDefinition().DeclaringType == typeof(CockpitHub) && !m.IsSpecialName)
            .Select(m => $"HUB {m.Name}");
        var schema = app.Services.GetRequiredService<DashboardSchema>();
        schema.Initialize();
        var fields = new[] { ("query", schema.Query), ("mutation", schema.Mutation), ("subscription", schema.Subscription) }
            .Where(t => t.Item2 is not null)
            .SelectMany(t => t.Item2!.Fields.Where(f => !f.Name.StartsWith("__", StringComparison.Ordinal)).Select(f => $"GRAPHQL {t.Item1} {f.Name}"));
        var entryPoints = endpoints.Concat(hubMethods).Concat(fields).ToHashSet(StringComparer.Ordinal);
        var rows = Table.Select(r => r.Key).ToList();

        rows.Should().OnlyHaveUniqueItems("each entry point has one row");
        entryPoints.Except(rows).Should().BeEmpty("every entry point needs a row in the authorization matrix saying who may call it");
        rows.Except(entryPoints).Should().BeEmpty("a row without an entry point is a stale promise");
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task EachCallerGetsTheStatusOfTheMatrix(string key)
    {
        var row = Table.Single(r => r.Key == key);
        var answers = new List<string>();
        foreach (var caller in Enum.GetValues<MatrixCaller>())
        {
            var expected = row.Expected(caller);
            if (row.Probe is not null)
            {
                var status = await row.Probe(app, caller);
                answers.Add(status == expected ? string.Empty : $"{caller}: {status}, expected {expected}");
                continue;
            }

            var (actual, media, body) = await SendAsync(app, row, caller);
            row.Answered?.Invoke(app, caller, actual, body);
            answers.Add(actual != expected ? $"{caller}: {actual}, expected {expected} ({media}: {Shorten(body)})"
                : actual is 401 or 403 or 404 && media != "application/problem+json" ? $"{caller}: the refusal {actual} is not ProblemDetails but {media}"
                : string.Empty);
        }

        answers.Where(a => a.Length > 0).Should().BeEmpty("{0} is called as the matrix says", key);
    }

    private static void OwnerTokenRotated(AuthorizationApp app, MatrixCaller caller, int status, string body)
    {
        if (status == 200 && caller is MatrixCaller.Owner or MatrixCaller.Admin)
        {
            app.TokenChanged(MatrixCaller.Owner, JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!);
        }
    }

    /// <summary>The owner (for themselves) or an admin revoked the owner's token: an admin issues a new one for the rows after.</summary>
    private static void OwnerTokenRevoked(AuthorizationApp app, MatrixCaller caller, int status, string body)
    {
        if (status == 204)
        {
            app.ReissueOwnerTokenAsync().GetAwaiter().GetResult();
        }
    }

    private static string Shorten(string body) => body.Length <= 200 ? body : body[..200] + "...";
}
