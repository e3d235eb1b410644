using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace DashboardFactory.IntegrationTests.Streams;

/// <summary>What a browser does with streams: ask for a ticket, open an EventSource-like GET, connect the hub with ?ticket=.</summary>
public static class StreamClients
{
    public static async Task<string> TicketAsync(this HttpClient client, string scope)
    {
        var response = await client.PostAsJsonAsync("/api/streams/tickets", new { scope });
        return (await response.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("ticket").GetString()!;
    }

    /// <summary>A GET that returns as soon as the headers are in, as EventSource reads a stream.</summary>
    public static Task<HttpResponseMessage> OpenStreamAsync(this HttpClient client, string url, string? lastEventId = null, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>A hub connection authenticated by a ticket in the URL alone, negotiating first as the browser client does.</summary>
    public static HubConnection HubWithTicket(WebApplicationFactory<Program> host, string ticket, string queryName = "ticket")
    {
        var server = host.Server;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, $"/hubs/cockpit?{queryName}=" + Uri.EscapeDataString(ticket)), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.WebSocketFactory = async (context, cancellationToken) =>
                    await server.CreateWebSocketClient().ConnectAsync(context.Uri, cancellationToken);
            })
            .Build();
    }
}
