using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Auth;

/// <summary>
/// Tells a newcomer where to go and, when no admin token was configured, the generated one: on plain
/// lines of their own so a script can read them. This is the only place a token is ever printed.
/// </summary>
internal sealed class StartupBanner(IHostApplicationLifetime lifetime, IServer server, IOptions<AuthOptions> auth) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                Console.WriteLine($"Dashboard Factory is listening on {address}");
            }

            if (auth.Value.AdminTokenGenerated)
            {
                Console.WriteLine($"Admin token: {auth.Value.AdminToken}");
                Console.WriteLine("(generated because Auth:AdminToken is not set; send it as 'Authorization: Bearer <token>')");
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
