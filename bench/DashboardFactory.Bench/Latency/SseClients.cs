using System.Globalization;
using System.Net.Http.Headers;

namespace DashboardFactory.Bench.Latency;

/// <summary>N text/event-stream readers on one feed, as EventSource reads it, reporting each "kpiValue" event's "last".</summary>
public sealed class SseClients : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _readers = [];

    private SseClients(HttpClient http) => _http = http;

    /// <summary>Client i reads <paramref name="urls"/>[i % count]; returns once every stream answered 200.</summary>
    public static async Task<SseClients> ConnectAsync(IReadOnlyList<Uri> urls, int clients, string? token, Receipts receipts)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { Timeout = Timeout.InfiniteTimeSpan };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var sse = new SseClients(http);
        using var gate = new SemaphoreSlim(50);
        var opened = Enumerable.Range(0, clients).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var response = await http.GetAsync(urls[i % urls.Count], HttpCompletionOption.ResponseHeadersRead, sse._stop.Token);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadAsStreamAsync(sse._stop.Token);
                lock (sse._readers)
                {
                    sse._readers.Add(ReadAsync(response, body, i, receipts, sse._stop.Token));
                }
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(opened);
        return sse;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_readers).ContinueWith(_ => { }, TaskScheduler.Default);
        _http.Dispose();
        _stop.Dispose();
    }

    private static async Task ReadAsync(HttpResponseMessage response, Stream body, int client, Receipts receipts, CancellationToken stop)
    {
        using var _ = response;
        using var reader = new StreamReader(body);
        try
        {
            while (await reader.ReadLineAsync(stop) is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal) && Last(line) is { } last)
                {
                    receipts.Received(client, last);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (IOException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>The "last" number of a data line, read in place (a JSON parse per event would be the bench's own cost).</summary>
    private static long? Last(string line)
    {
        var at = line.IndexOf("\"last\":", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + 7;
        var end = start;
        while (end < line.Length && line[end] is not (',' or '}'))
        {
            end++;
        }

        return double.TryParse(line.AsSpan(start, end - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? (long)value : null;
    }
}
