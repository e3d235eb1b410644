using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Access;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Contract;

/// <summary>
/// Issue 15, point 7: /openapi/v1.json is the contract of the API's shapes. Every operation declares its request body,
/// a success with content and its refusals as ProblemDetails; every operation is called by the authorization matrix's
/// rows, and each caller's live answer (status, media type, JSON body) is checked against the document, as are the
/// refusals and edge answers the matrix does not reach and every answer the fixture recorded while it was built.
/// </summary>
public sealed class OpenApiContractTests(AuthorizationApp app) : IClassFixture<AuthorizationApp>
{
    /// <summary>Operations whose success is 204 No Content: nothing to describe.</summary>
    private static readonly HashSet<string> NoContentSuccess = ["DELETE /api/users/{id}/token", "POST /login", "POST /logout"];

    /// <summary>Writes that take no body: the path says everything.</summary>
    private static readonly HashSet<string> Bodyless =
    [
        "POST /api/users/{id}/token",
        "DELETE /api/users/{id}/token",
        "POST /api/cockpits/{id}/snapshots/{snapshotId}/restore",
        "POST /api/features/{id}/releases/{version}/approve",
        "POST /api/features/{id}/undeprecate",
        "POST /api/campaigns/{id}/pause",
        "POST /api/campaigns/{id}/resume",
        "POST /api/campaigns/{id}/cancel",
        "DELETE /api/webhooks/{id}",
        "POST /api/webhooks/{id}/rotate",
        "POST /api/webhooks/{id}/test",
        "POST /login",
        "POST /logout",
    ];

    /// <summary>Operations open to anyone (the authorization matrix says so too).</summary>
    private static readonly HashSet<string> Anonymous = ["GET /graphql/schema.graphql", "POST /logout", "GET /health/live", "GET /health/ready"];

    private static readonly ConditionalWeakTable<AuthorizationApp, Task<ContractDocument>> Documents = new();

    public static TheoryData<string> HttpRows =>
        [.. AuthorizationMatrixTests.Table.Where(r => r.Probe is null && r.Method is not ("HUB" or "GRAPHQL")).Select(r => r.Key)];

    [Fact]
    public async Task EveryOperationDeclaresASuccessWithContent()
    {
        var document = await DocumentAsync();

        var missing = document.Operations
            .Where(o => !NoContentSuccess.Contains(o.Key))
            .Where(o => !o.Statuses.Any(s => s.StartsWith('2') && HasContentWithSchema(o, s)))
            .Select(o => o.Key);

        missing.Should().BeEmpty("every operation but the 204 ones declares a 2xx answer with a media type and a schema");
        document.Operations.Should().Contain(o => o.Key == "GET /api/cockpits/{id}", "the document describes the API");
    }

    [Fact]
    public async Task EveryWriteDeclaresItsRequestBody()
    {
        var document = await DocumentAsync();

        var missing = document.Operations
            .Where(o => o.Method is "POST" or "PUT" or "PATCH" && !Bodyless.Contains(o.Key))
            .Where(o => !(o.Element.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content)
                && content.EnumerateObject().Any() && content.EnumerateObject().All(c => c.Value.TryGetProperty("schema", out _))))
            .Select(o => o.Key);
        var bodiless = document.Operations.Where(o => Bodyless.Contains(o.Key) && o.Element.TryGetProperty("requestBody", out _)).Select(o => o.Key);

        missing.Should().BeEmpty("a write that takes a body says its media types and schema, so clients and the hostile-input suite can build one");
        bodiless.Should().BeEmpty("the list of writes without a body is kept true");
    }

    [Fact]
    public async Task EveryRefusalIsDeclaredAsProblemDetails()
    {
        var document = await DocumentAsync();

        var bare = document.Operations
            .Where(o => !o.Template.StartsWith("/health/", StringComparison.Ordinal)) // a probe's 503 is its report, not a refusal
            .SelectMany(o => o.Statuses.Where(s => s[0] is '4' or '5').Select(s => (o, s)))
            .Where(p => !(p.o.TryGetResponse(int.Parse(p.s, System.Globalization.CultureInfo.InvariantCulture), out var r)
                && r.TryGetProperty("content", out var content) && content.TryGetProperty("application/problem+json", out _)))
            .Select(p => $"{p.o.Key} {p.s}");
        var unauthenticated = document.Operations
            .Where(o => !Anonymous.Contains(o.Key) && !o.Statuses.Contains("401"))
            .Select(o => o.Key);

        bare.Should().BeEmpty("every refusal is RFC 9457 ProblemDetails (application/problem+json)");
        unauthenticated.Should().BeEmpty("every operation that needs a token declares 401");
    }

    [Fact]
    public async Task EveryOperationIsCalledByTheAuthorizationMatrix()
    {
        var document = await DocumentAsync();
        var rows = AuthorizationMatrixTests.Table.Where(r => r.Probe is null).Select(r => $"{(r.Method == "*" ? r.Send : r.Method)} {Normalize(r.Pattern)}").ToHashSet();

        document.Operations.Select(o => $"{o.Method} {Normalize(o.Template)}").Where(key => !rows.Contains(key))
            .Should().BeEmpty("each operation's live answers are checked through the matrix's rows");
    }

    [Theory]
    [MemberData(nameof(HttpRows))]
    public async Task EveryCallersAnswerMatchesTheDocument(string key)
    {
        var document = await DocumentAsync();
        var row = AuthorizationMatrixTests.Table.Single(r => r.Key == key);
        var method = row.Method == "*" ? row.Send : row.Method;
        var path = row.Path?.Invoke(app) ?? MatrixProbes.Fill(app, row.Pattern);
        var operation = document.Find(method, path);
        if (operation is null)
        {
            // Not an API operation (pages, assets, the hub's transport, the Orleans Dashboard): the document leaves it out.
            return;
        }

        var problems = new List<string>();
        foreach (var caller in Enum.GetValues<MatrixCaller>())
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path + row.Query) { Content = row.Body?.Invoke(app, caller) };
            var (status, contentType, body) = await SendAsync(request, app.TokenOf(caller));
            row.Answered?.Invoke(app, caller, status, body);
            problems.AddRange(document.Check(operation, status, contentType, body).Select(p => $"{caller}: {p}"));
        }

        problems.Should().BeEmpty("every answer of {0} is what /openapi/v1.json says", operation.Key);
    }

    [Fact]
    public async Task RefusalsAndEdgeAnswersMatchTheDocument()
    {
        var document = await DocumentAsync();
        var admin = ApiFactory.AdminToken;
        var owner = app.TokenOf(MatrixCaller.Owner);
        var etag = (await app.Admin().GetAsync($"/api/cockpits/{app.CockpitId}")).Headers.ETag!.Tag;
        var unknown = ApiFactory.NewId("none");
        var probes = new (string Method, string Path, string? Token, HttpContent? Body, Action<HttpRequestMessage>? Headers)[]
        {
            ("GET", $"/api/cockpits/{unknown}", admin, null, null),
            ("GET", "/api/cockpits/-bad", admin, null, null),
            ("GET", $"/api/cockpits/{app.CockpitId}", owner, null, r => r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag))),
            ("GET", $"/cockpits/{unknown}", admin, null, null),
            ("PATCH", $"/api/cockpits/{app.CockpitId}", admin, new StringContent("{}", Encoding.UTF8, "text/plain"), null),
            ("PATCH", $"/api/cockpits/{app.CockpitId}", admin, AuthorizationApp.MergePatch(new { title = "Stale" }), r => r.Headers.IfMatch.Add(new EntityTagHeaderValue("\"c0\""))),
            ("PATCH", $"/api/cockpits/{app.CockpitId}", admin, AuthorizationApp.MergePatch(new { nonsense = 1 }), null),
            ("POST", "/api/cockpits", admin, JsonContent.Create(new { id = app.CockpitId, ownerId = app.OwnerId, title = "Again" }), null),
            ("POST", "/api/cockpits", admin, new StringContent("{\"id\": ", Encoding.UTF8, "application/json"), null),
            ("GET", $"/api/cockpits/{app.CockpitId}/widgets/{AuthorizationApp.ScriptWidgetId}/data", owner, null, null),
            ("GET", $"/api/cockpits/{app.CockpitId}/widgets/{unknown}/data", owner, null, null),
            ("GET", $"/api/cockpits/{app.CockpitId}/snapshots/{unknown}", owner, null, null),
            ("GET", $"/api/kpis/{unknown}", admin, null, null),
            ("GET", $"/api/kpis/{app.KpiCode}?period=week", admin, null, null),
            ("GET", $"/api/kpis/{app.KpiCode}/series?period=hour", admin, null, r => r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"))),
            ("GET", $"/api/kpis/{app.KpiCode}/series?from=yesterday", admin, null, null),
            ("POST", $"/api/kpis/{app.KpiCode}/points", admin, JsonContent.Create(new { ts = DateTimeOffset.UtcNow, value = 1 }), null),
            ("POST", $"/api/kpis/{app.KpiCode}/points", admin, new StringContent("[{\"id\":\"p\",\"ts\":\"2026-01-01T00:00:00Z\",\"value\":1},{\"ts\":\"not a time\",\"value\":\"x\"}]", Encoding.UTF8, "application/json"), null),
            ("GET", $"/api/streams/kpis/{unknown}?period=minute", admin, null, null),
            ("GET", $"/api/features/{unknown}", admin, null, null),
            ("POST", $"/api/features/{app.FeatureId}/releases", admin, JsonContent.Create(AuthorizationApp.Release("0.0.1", "safe", "k")), null),
            ("POST", $"/api/features/{app.DraftFeatureId}/releases", admin, JsonContent.Create(new { version = "9.0.0", changeType = "safe", widget = new { type = "note", title = "x", w = 3, h = 2, html = "", css = "", config = new { } }, dependencies = new[] { unknown } }), null),
            ("POST", $"/api/features/{unknown}/votes", admin, JsonContent.Create(new { approve = true }), null),
            ("PATCH", $"/api/features/{app.FeatureId}", admin, JsonContent.Create(new { stage = "foundational" }), null),
            ("GET", $"/api/features/{app.FeatureId}/history", admin, null, null),
            ("GET", "/api/features?stage=legendary", admin, null, null),
            ("GET", $"/api/campaigns/{unknown}", admin, null, null),
            ("POST", $"/api/campaigns/{unknown}/pause", admin, null, null),
            ("GET", $"/api/rollbacks/{unknown}", admin, null, null),
            ("POST", $"/api/features/{unknown}/rollback", admin, JsonContent.Create(new { reason = "none" }), null),
            ("GET", $"/api/users/{unknown}", admin, null, null),
            ("POST", "/api/users", admin, JsonContent.Create(new { id = app.OwnerId, name = "Again", role = "operator" }), null),
            ("POST", "/api/users", admin, JsonContent.Create(new { id = ApiFactory.NewId("u"), name = "Bad role", role = "wizard" }), null),
            ("GET", $"/api/users/{app.OwnerId}/notifications", admin, null, null),
            ("POST", "/api/webhooks", admin, JsonContent.Create(new { url = "http://10.1.2.3/hook", events = new[] { "campaign.completed" } }), null),
            ("POST", "/api/webhooks", admin, JsonContent.Create(new { url = "ftp://example.invalid/hook", events = new[] { "nothing" } }), null),
            ("GET", $"/api/webhooks/{unknown}", admin, null, null),
            ("GET", "/api/dashboard/metrics?timeRange=forever", admin, null, null),
            ("GET", "/api/dashboard/metrics?timeRange=1h", admin, null, null),
            ("POST", "/api/streams/tickets", admin, JsonContent.Create(new { scope = "everything" }), null),
            ("POST", "/api/streams/tickets", admin, JsonContent.Create(new { scope = "cockpit:" + unknown }), null),
            ("POST", "/graphql", admin, new StringContent("{ __typename }", Encoding.UTF8, "text/plain"), null),
            ("POST", "/graphql", admin, JsonContent.Create(new { query = "{ nothingHere }" }), null),
            ("POST", "/graphql", admin, JsonContent.Create(new { query = "query($id: ID!) { cockpit(id: $id) { id title widgets { id } } }", variables = new { id = app.CockpitId } }), null),
            ("GET", "/api/me", null, null, null),
            ("GET", "/api/me", "not-a-token", null, null),
            ("GET", "/api/ops/board", owner, null, null),
        };

        var problems = new List<string>();
        var statuses = new List<string>();
        foreach (var (method, path, token, body, headers) in probes)
        {
            var operation = document.Find(method, path.Split('?')[0]);
            if (operation is null)
            {
                problems.Add($"{method} {path}: no operation of the document");
                continue;
            }

            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body };
            headers?.Invoke(request);
            var (status, contentType, text) = await SendAsync(request, token);
            statuses.Add($"{method} {path}: {status}");
            problems.AddRange(document.Check(operation, status, contentType, text));
        }

        problems.Should().BeEmpty("each refusal and edge answer is what /openapi/v1.json says ({0})", string.Join("; ", statuses));
        statuses.Should().NotContain(s => s.EndsWith(": 500", StringComparison.Ordinal), "no probe is a server fault");
    }

    [Fact]
    public async Task EveryAnswerTheFixtureRecordedMatchesTheDocument()
    {
        var document = await DocumentAsync();

        var answers = app.Answers.Answers;
        var checkedAnswers = answers.Select(a => (Answer: a, Operation: document.Find(a.Method, a.Path))).Where(a => a.Operation is not null).ToList();
        var problems = checkedAnswers.SelectMany(a => document.Check(a.Operation!, a.Answer.Status, a.Answer.ContentType, a.Answer.Body)
            .Select(p => $"{a.Answer.Method} {a.Answer.Path}: {p}"));

        checkedAnswers.Should().HaveCountGreaterThan(20, "building the fixture went through the API ({0} answers recorded)", answers.Count);
        problems.Should().BeEmpty("every answer the API gave while the fixture was built and the tests ran is what /openapi/v1.json says");
    }

    private Task<ContractDocument> DocumentAsync() =>
        Documents.GetValue(app, a => ContractDocument.LoadAsync(a.Plain()));

    /// <summary>The answer in full, except a stream's body (it never ends): its status and media type are enough.</summary>
    private async Task<(int Status, string? ContentType, string Body)> SendAsync(HttpRequestMessage request, string? token)
    {
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = app.Plain();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        var contentType = response.Content.Headers.ContentType?.ToString();
        var body = response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? string.Empty : await response.Content.ReadAsStringAsync(deadline.Token);
        return ((int)response.StatusCode, contentType, body);
    }

    private static bool HasContentWithSchema(ContractOperation operation, string status) =>
        operation.Element.GetProperty("responses").GetProperty(status).TryGetProperty("content", out var content)
        && content.EnumerateObject().Any(c => c.Value.TryGetProperty("schema", out _));

    /// <summary>A route pattern as the document writes it: no trailing slash, no constraints.</summary>
    private static string Normalize(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern.TrimEnd('/'), @"\{\*{0,2}([A-Za-z]+)(:[^}]+)?\}", "{$1}") is { Length: > 0 } p ? p : "/";
}
