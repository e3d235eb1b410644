using System.Net.Http.Headers;
using System.Text.Json;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// Sends HTTP cases and judges each answer against what must hold for any input: no 5xx, and every 4xx an RFC 9457
/// ProblemDetails (<c>application/problem+json</c> whose <c>status</c> is the answer's and which has a <c>title</c>).
/// A refused write must also leave its state dump as it found it; an accepted one becomes the next baseline once the
/// work it started has settled.
/// </summary>
public sealed class HostileHttp(HostileApp app, StateDumps dumps, Action<HostileCase, string> fail)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly HttpClient _client = app.Plain();
    private readonly Dictionary<string, string> _baselines = new(StringComparer.Ordinal);

    public int Sent { get; private set; }

    public Dictionary<string, int> Statuses { get; } = new(StringComparer.Ordinal);

    /// <summary>Sends a case, checks its answer and, for a write, the state it could have changed.</summary>
    public async Task<Outcome?> RunAsync(HostileCase c, string template, bool dump, Func<Outcome, bool>? refused = null, Func<Outcome, string?>? judge = null)
    {
        List<string>? urls = null;
        string? before = null;
        if (dump)
        {
            urls = dumps.UrlsFor(c, template);
            var key = string.Join("\n", urls);
            if (!_baselines.TryGetValue(key, out before))
            {
                before = await dumps.DumpAsync(urls);
            }
        }

        Outcome outcome;
        try
        {
            outcome = await SendAsync(c);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or InvalidOperationException or IOException)
        {
            fail(c, $"the request failed without an answer: {error.GetType().Name}: {error.Message}");
            return null;
        }

        Judge(c, outcome);
        if (judge?.Invoke(outcome) is { } problem)
        {
            fail(c, problem);
        }

        if (urls is not null)
        {
            var after = await dumps.DumpAsync(urls);
            if (refused?.Invoke(outcome) ?? outcome.Refused)
            {
                if (after != before)
                {
                    fail(c, $"refused with {outcome.Status}, yet the state changed:\n      {StateDumps.Difference(before!, after)}");
                }

                _baselines[string.Join("\n", urls)] = after;
            }
            else
            {
                // Accepted: it may change anything it names, and what other cases' baselines read.
                _baselines.Clear();
                _baselines[string.Join("\n", urls)] = await dumps.SettledAsync(urls, after);
            }
        }

        return outcome;
    }

    public async Task<Outcome> SendAsync(HostileCase c)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return await SendCoreAsync(c);
        }
        finally
        {
            HostileSeed.TraceLine($"{System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,8:F1} ms {c}");
        }
    }

    private async Task<Outcome> SendCoreAsync(HostileCase c)
    {
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Url);
        var token = c.Caller switch
        {
            "admin" => Infrastructure.ApiFactory.AdminToken,
            "owner" => app.OwnerToken,
            "none" => null,
            _ => c.Caller,
        };
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }

        foreach (var (name, value) in c.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (c.Body is { } body)
        {
            if (body.Body is { } bytes)
            {
                request.Content = body.Chunked ? new ChunkedContent(bytes) : new ByteArrayContent(bytes);
                request.Content.Headers.ContentType = null;
                if (body.ContentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
                }
            }
        }

        using var deadline = new CancellationTokenSource(Deadline);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        Sent++;
        var status = (int)response.StatusCode;
        var media = response.Content.Headers.ContentType?.MediaType;
        var text = media == "text/event-stream" ? string.Empty : await response.Content.ReadAsStringAsync(deadline.Token);
        var bucket = $"{status}";
        Statuses[bucket] = Statuses.GetValueOrDefault(bucket) + 1;
        return new Outcome(status, media, text);
    }

    /// <summary>What must hold for every answer, whatever the input.</summary>
    public void Judge(HostileCase c, Outcome outcome)
    {
        if (outcome.Status >= 500)
        {
            fail(c, $"answered {outcome.Status}: {Short(outcome.Body)}");
            return;
        }

        if (outcome.Status < 400 || c.Method == "HEAD")
        {
            return;
        }

        if (outcome.MediaType != "application/problem+json")
        {
            fail(c, $"the {outcome.Status} is not ProblemDetails but {outcome.MediaType ?? "no content type"}: {Short(outcome.Body)}");
            return;
        }

        try
        {
            var problem = JsonDocument.Parse(outcome.Body).RootElement;
            if (problem.ValueKind != JsonValueKind.Object
                || !problem.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Number || status.GetInt32() != outcome.Status
                || !problem.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(title.GetString()))
            {
                fail(c, $"the {outcome.Status} ProblemDetails lacks a matching status or a title: {Short(outcome.Body)}");
            }
        }
        catch (JsonException)
        {
            fail(c, $"the {outcome.Status} ProblemDetails is not JSON: {Short(outcome.Body)}");
        }
    }

    private static string Short(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
