using System.Net;

namespace DashboardFactory.Webhooks;

/// <summary>Name resolution for webhook hosts; a seam so tests can make a name change its answer between checks (DNS rebinding).</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
