using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// The state the suite compares: the answers of GET operations, read as an admin, as text. A dump of a case reads
/// every GET of the same resource (cockpits, features, kpis, ...) whose route parameters the case binds (so a case
/// on cockpit c reads c's document, page, snapshots and widget data and the cockpit list), and, for a create, the GET
/// of the id its body names. Normalised for what moves by itself: a ProblemDetails' <c>traceId</c>, <c>generatedAt</c>,
/// <c>stale</c>, the <c>durationMs</c> a preview measures of itself, the <c>from</c>/<c>to</c> that metrics derive from
/// now, and every member <see cref="LearnAsync"/> saw change between two reads with nothing written in between (such
/// as the <c>at</c> of a widget data answer, the time it was read). Left out, each for a reason: streams (they never
/// end), a KPI's <c>subscribers</c> (live connections, not stored state), a webhook's <c>deliveries</c> (written by
/// the dispatcher on its own schedule) and the health checks.
/// </summary>
public sealed class StateDumps(HostileApp app, IReadOnlyList<ApiOperation> reads, Action<string> fault)
{
    private readonly HashSet<string> _volatile = new(StringComparer.Ordinal) { "generatedAt", "stale", "traceId", "durationMs" };
    private static readonly string[] LeftOut = ["/subscribers", "/deliveries", "/health/"];

    private readonly HttpClient _client = Admin(app);

    public static bool IsDumped(ApiOperation operation, IReadOnlySet<string> streams) =>
        operation.Method == "GET" && !streams.Contains(operation.Template) && !LeftOut.Any(l => operation.Template.Contains(l, StringComparison.Ordinal));

    /// <summary>Resource of a template: the first segment after an optional "api".</summary>
    public static string Resource(string template)
    {
        var segments = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length == 0 ? string.Empty : segments[0] == "api" && segments.Length > 1 ? segments[1] : segments[0];
    }

    /// <summary>The GET URLs whose answers a case could change.</summary>
    public List<string> UrlsFor(HostileCase c, string template)
    {
        var resource = Resource(template);
        var urls = new List<string>();
        foreach (var read in reads.Where(r => Resource(r.Template) == resource))
        {
            var names = read.In("path").Select(p => p.Name).ToList();
            if (names.All(c.Scope.ContainsKey))
            {
                urls.Add(RestCases.Url(read.Template, c.Scope, new Dictionary<string, string>()));
            }

            // An id with NUL cannot be put in a path in-process (and is no valid id anyway).
            if (c.Scope.TryGetValue("body.id", out var created) && names is ["id"] && !created.Contains('\0', StringComparison.Ordinal))
            {
                urls.Add(RestCases.Url(read.Template, new Dictionary<string, string> { ["id"] = created }, new Dictionary<string, string>()));
            }
        }

        return [.. urls.Distinct()];
    }

    public async Task<string> DumpAsync(IEnumerable<string> urls)
    {
        var parts = new List<string>();
        foreach (var url in urls)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            HostileSeed.TraceLine($"{System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,8:F1} ms   dump GET {url} -> {(int)response.StatusCode}");
            if ((int)response.StatusCode >= 500)
            {
                fault($"the state dump's GET {url} answered {(int)response.StatusCode}: {Short(text)}");
            }

            parts.Add($"{url} -> {(int)response.StatusCode} {Normalise(url, response.Content.Headers.ContentType?.MediaType, text)}");
        }

        return string.Join("\n", parts);
    }

    /// <summary>Reads until two dumps in a row agree: an accepted write may have started work that lands a moment later (a rollout).</summary>
    public async Task<string> SettledAsync(IReadOnlyList<string> urls, string first)
    {
        // Most accepted writes are settled when they answer (the first look agrees); only work still landing is waited for.
        var previous = first;
        var settled = await Eventually.Async(
            async () =>
            {
                var current = await DumpAsync(urls);
                HostileSeed.TraceLine($"  settling: {(current == previous ? "stable" : StateDumps.Difference(previous, current))}");
                var stable = current == previous;
                previous = current;
                return (Dump: current, Stable: stable);
            },
            d => d.Stable,
            TimeSpan.FromSeconds(15),
            every: TimeSpan.FromMilliseconds(50));
        return settled.Dump;
    }

    /// <summary>The first line two dumps differ in, both ways.</summary>
    public static string Difference(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : "(nothing)";
            var y = i < b.Length ? b[i] : "(nothing)";
            if (x != y)
            {
                return $"before: {Short(x)}\n      after:  {Short(y)}";
            }
        }

        return "(no difference)";
    }

    /// <summary>Reads each URL twice and marks every member whose value differs as moving by itself.</summary>
    public async Task LearnAsync(IReadOnlyList<string> urls)
    {
        var first = await ReadAllAsync(urls);

        // Real time on purpose: what moves by itself (clocks, counters) shows only when some time passes between reads.
        await Task.Delay(TimeSpan.FromMilliseconds(20));
        var second = await ReadAllAsync(urls);
        foreach (var (url, text) in first)
        {
            Moving(Parse(text), Parse(second[url]), null);
        }
    }

    public IReadOnlyCollection<string> Volatile => _volatile;

    private async Task<Dictionary<string, string>> ReadAllAsync(IReadOnlyList<string> urls)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var url in urls.Distinct())
        {
            using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            texts[url] = response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true ? await response.Content.ReadAsStringAsync() : string.Empty;
        }

        return texts;
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Moving(JsonNode? a, JsonNode? b, string? member)
    {
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                foreach (var (key, value) in x)
                {
                    Moving(value, y[key], key);
                }

                break;
            case (JsonArray x, JsonArray y) when x.Count == y.Count:
                for (var i = 0; i < x.Count; i++)
                {
                    Moving(x[i], y[i], member);
                }

                break;
            default:
                if (member is not null && !JsonNode.DeepEquals(a, b))
                {
                    _volatile.Add(member);
                }

                break;
        }
    }

    private string Normalise(string url, string? mediaType, string text)
    {
        if (mediaType is null || !(mediaType.EndsWith("json", StringComparison.Ordinal)))
        {
            return text;
        }

        try
        {
            var node = JsonNode.Parse(text);
            Strip(node);
            if (url.StartsWith("/api/dashboard/metrics", StringComparison.Ordinal) && node is JsonObject metrics)
            {
                metrics.Remove("from");
                metrics.Remove("to");
            }

            return node?.ToJsonString() ?? "null";
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in _volatile)
                {
                    obj.Remove(key);
                }

                foreach (var (_, child) in obj)
                {
                    Strip(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Strip(child);
                }

                break;
        }
    }

    private static HttpClient Admin(HostileApp app)
    {
        var client = app.Plain();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Infrastructure.ApiFactory.AdminToken);
        return client;
    }

    private static string Short(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
