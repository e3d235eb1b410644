using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using MessagePack;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DashboardFactory.Bench.Latency;

/// <summary>
/// The peer of the latency bench: a bare ASP.NET Core server (Kestrel, SignalR with JSON and MessagePack, an SSE
/// endpoint) with no Orleans and no relay. <c>POST /points/{group}</c> takes the same body as the product's
/// <c>POST /api/kpis/{code}/points</c> and at once sends a payload of the product's shape to the group's hub clients
/// and SSE streams. Run as a child process of the bench (<c>DashboardFactory.Bench bare-hub --urls ...</c>), like the
/// API, so both servers have a process, a thread pool and a server GC of their own.
/// </summary>
public static class BareHubServer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The product's MessagePack settings: ISO 8601 times before SignalR's own resolvers.
        builder.Services.AddSignalR().AddMessagePackProtocol(o => o.SerializerOptions = MessagePackSerializerOptions.Standard
            .WithResolver(CompositeResolver.Create([new IsoTimes()], [DynamicEnumAsStringResolver.Instance, ContractlessStandardResolver.Instance]))
            .WithSecurity(MessagePackSecurity.UntrustedData));
        var sse = new ConcurrentDictionary<string, ConcurrentDictionary<Channel<byte[]>, byte>>(StringComparer.Ordinal);
        var app = builder.Build();
        app.MapHub<BareHub>(BareHub.Path);
        app.MapGet("/ready", () => Results.Ok());
        app.MapPost("/points/{group}", async (string group, HttpRequest request, IHubContext<BareHub> hub) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            var point = body.RootElement[0];
            var now = DateTimeOffset.UtcNow;
            var ts = point.GetProperty("ts").GetDateTimeOffset();
            var value = point.GetProperty("value").GetDouble();
            var bucket = new DateTimeOffset(ts.Ticks - ts.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
            var payload = new BareKpiValue(group, "minute", bucket, value, value, value, 1, value, bucket.ToUnixTimeSeconds() / 60 * 100_000_000 + 1, now);

            // SSE: one frame for every stream, as the product's relay does.
            if (sse.TryGetValue(group, out var streams) && !streams.IsEmpty)
            {
                var frame = Encoding.UTF8.GetBytes($"id: {payload.Id}\nevent: kpiValue\ndata: {JsonSerializer.Serialize(payload, Json)}\n\n");
                foreach (var stream in streams.Keys)
                {
                    stream.Writer.TryWrite(frame);
                }
            }

            // Not awaited, as the product answers the POST without waiting for its fan-out.
            _ = hub.Clients.Group(group).SendAsync("kpiValue", payload);
            return Results.Accepted();
        });
        app.MapGet("/sse/{group}", async (string group, HttpContext http) =>
        {
            var channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
            var streams = sse.GetOrAdd(group, _ => new ConcurrentDictionary<Channel<byte[]>, byte>());
            streams[channel] = 0;
            try
            {
                http.Response.ContentType = "text/event-stream";
                await http.Response.Body.WriteAsync("retry: 3000\n\n"u8.ToArray(), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                while (await channel.Reader.WaitToReadAsync(http.RequestAborted))
                {
                    while (channel.Reader.TryRead(out var frame))
                    {
                        await http.Response.Body.WriteAsync(frame, http.RequestAborted);
                    }

                    await http.Response.Body.FlushAsync(http.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                streams.TryRemove(channel, out _);
            }
        });
        await app.RunAsync();
        return 0;
    }
}
