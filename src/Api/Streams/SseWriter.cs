using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace DashboardFactory.Api.Streams;

/// <summary>
/// One Server-Sent Events response, written the same way by every stream of the API (cockpits, KPIs): the headers,
/// the client's retry delay, events framed as id/event/data lines and sent once per id (ids only grow), comments,
/// keep-alive comments while idle, a flush after each burst, and a client that goes away ending the stream quietly.
/// </summary>
public sealed class SseWriter
{
    public const string ContentType = "text/event-stream";

    private readonly Stream _body;
    private readonly CancellationToken _aborted;

    private SseWriter(HttpResponse response, long? lastEventId)
    {
        _body = response.Body;
        _aborted = response.HttpContext.RequestAborted;
        LastId = lastEventId ?? long.MinValue;
    }

    /// <summary>The id of the last event sent (or the client's Last-Event-ID): events up to it are not sent again.</summary>
    public long LastId { get; private set; }

    /// <summary>
    /// Starts the stream (headers and <c>retry:</c>) and runs <paramref name="stream"/> on it until the client goes
    /// away, which is not an error: it reconnects with Last-Event-ID when it wants the rest.
    /// </summary>
    public static async Task ServeAsync(HttpContext http, TimeSpan retry, long? lastEventId, Func<SseWriter, Task> stream)
    {
        var response = http.Response;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var sse = new SseWriter(response, lastEventId);
        try
        {
            await sse.WriteAsync($"retry: {(long)retry.TotalMilliseconds}\n\n");
            await stream(sse);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
        }
    }

    /// <summary>The bytes of one event: its id, name and data (JSON on one line), ready to share between streams.</summary>
    public static byte[] Frame<T>(long id, string name, T data, JsonSerializerOptions json)
    {
        var buffer = new ArrayBufferWriter<byte>(384);
        Append(buffer, "id: ");
        Append(buffer, id.ToString(CultureInfo.InvariantCulture));
        Append(buffer, "\nevent: ");
        Append(buffer, name);
        Append(buffer, "\ndata: ");
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, data, data is null ? typeof(T) : data.GetType(), json);
        }

        Append(buffer, "\n\n");
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes an event framed by <see cref="Frame"/> unless the client has its id already; true when written.</summary>
    public async ValueTask<bool> EventAsync(long id, ReadOnlyMemory<byte> frame)
    {
        if (id <= LastId)
        {
            return false;
        }

        await _body.WriteAsync(frame, _aborted);
        LastId = id;
        return true;
    }

    /// <summary>A comment line (ignored by EventSource; it tells a reader what happened).</summary>
    public Task CommentAsync(string text) => WriteAsync($": {text}\n\n");

    public Task FlushAsync() => _body.FlushAsync(_aborted);

    /// <summary>
    /// Sends <paramref name="events"/> as they come, with <paramref name="send"/>, flushing after each burst, and a
    /// keep-alive comment after <paramref name="keepAlive"/> without one, until the client goes away or the events end.
    /// </summary>
    public async Task PumpAsync<T>(ChannelReader<T> events, TimeSpan keepAlive, Func<SseWriter, T, ValueTask> send)
    {
        await FlushAsync();

        // One timeout source per stream, reset after each wake-up rather than made anew for every event: a stream
        // only needs a new one after it actually idled for a keep-alive.
        var idle = CancellationTokenSource.CreateLinkedTokenSource(_aborted);
        try
        {
            while (true)
            {
                if (!idle.TryReset())
                {
                    idle.Dispose();
                    idle = CancellationTokenSource.CreateLinkedTokenSource(_aborted);
                }

                idle.CancelAfter(keepAlive);
                try
                {
                    if (!await events.WaitToReadAsync(idle.Token))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (!_aborted.IsCancellationRequested)
                {
                    await CommentAsync("keep-alive");
                    await FlushAsync();
                    continue;
                }

                while (events.TryRead(out var e))
                {
                    await send(this, e);
                }

                await FlushAsync();
            }
        }
        finally
        {
            idle.Dispose();
        }
    }

    private Task WriteAsync(string text) => _body.WriteAsync(Encoding.UTF8.GetBytes(text), _aborted).AsTask();

    private static void Append(ArrayBufferWriter<byte> buffer, string ascii)
    {
        var span = buffer.GetSpan(ascii.Length);
        for (var i = 0; i < ascii.Length; i++)
        {
            span[i] = (byte)ascii[i];
        }

        buffer.Advance(ascii.Length);
    }
}
