using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardFactory.IntegrationTests.Infrastructure;

/// <summary>
/// The API on a real Kestrel socket (a free loopback port), for clients in other processes: WebSockets from
/// node's graphql-ws, for example. HttpClients from <see cref="ApiFactory.CreateClient()"/> go through the socket too.
/// </summary>
public class KestrelApiFactory : ApiFactory
{
    public KestrelApiFactory()
    {
        UseKestrel(0);
    }

    /// <summary>http://127.0.0.1:port, once started.</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
                ?? throw new InvalidOperationException("Kestrel reports no addresses.");
            var address = addresses.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    public Uri WebSocketAddress(string path) => new UriBuilder(Address) { Scheme = "ws", Path = path }.Uri;
}
