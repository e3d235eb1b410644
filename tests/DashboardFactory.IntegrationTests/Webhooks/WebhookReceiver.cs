using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DashboardFactory.IntegrationTests.Webhooks;

/// <summary>
/// A real HTTP receiver for webhooks: Kestrel on a loopback port. Each test takes a <see cref="Hook"/> of its own (a
/// path), scripts its answers, and awaits what arrives; every request is recorded as it arrives, before it is answered.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Hook> _hooks = new(StringComparer.Ordinal);

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    /// <summary>A fresh path on this receiver that answers 204 unless scripted otherwise.</summary>
    public Hook NewHook(string? host = null)
    {
        var path = $"/hooks/{Guid.NewGuid():N}";
        var hook = new Hook(new UriBuilder(BaseAddress) { Host = host ?? BaseAddress.Host, Path = path }.Uri.ToString());
        _hooks[path] = hook;
        return hook;
    }

    /// <summary>Requests to a path no hook owns (e.g. where a redirect pointed).</summary>
    public ConcurrentQueue<string> Strays { get; } = new();

    public async ValueTask DisposeAsync()
    {
        foreach (var hook in _hooks.Values)
        {
            hook.ReleaseAll();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!_hooks.TryGetValue(context.Request.Path.Value ?? string.Empty, out var hook))
        {
            Strays.Enqueue(context.Request.Path.Value ?? string.Empty);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        var respond = hook.Arrived(new ReceivedRequest(headers, body, DateTimeOffset.UtcNow));
        await respond(context);
    }
}
