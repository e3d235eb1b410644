using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardFactory.IntegrationTests.Infrastructure;

/// <summary>A real SignalR client of a test host's /hubs/cockpit, over WebSockets through the in-memory test server.</summary>
public static class TestHubConnections
{
    /// <summary>Not started, so the caller can register its handlers first and miss nothing. JSON unless <paramref name="messagePack"/>.</summary>
    public static HubConnection Build(WebApplicationFactory<Program> host, string token, bool messagePack = false)
    {
        var server = host.Server;
        var url = new Uri(server.BaseAddress, "/hubs/cockpit?access_token=" + Uri.EscapeDataString(token));
        var builder = new HubConnectionBuilder();
        if (messagePack)
        {
            builder.AddMessagePackProtocol();
        }

        return builder
            .WithUrl(url, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketFactory = async (context, cancellationToken) =>
                    await server.CreateWebSocketClient().ConnectAsync(context.Uri, cancellationToken);
            })
            .Build();
    }
}
