using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Auth;

/// <summary>The "RateLimits" setting for failed authentication (API.md "Limits"); the section's other limits live beside it.</summary>
public sealed class FailedAuthOptions
{
    public const string Section = "RateLimits";

    /// <summary>Failed authentications per client address per minute on one API node before 429; 0 turns the limit off.</summary>
    public int FailedAuthPerAddressPerMinute { get; set; } = 30;
}

/// <summary>
/// Counts failed authentications per client address in a fixed one-minute window (System.Threading.RateLimiting,
/// the limiter ASP.NET Core's middleware is built on). Past the limit a failure answers 429 with Retry-After instead
/// of 401, so guessing tokens from one address slows to the limit; callers with a valid token are never counted or
/// refused. Behind a proxy the address is the proxy's unless forwarded headers are configured.
/// </summary>
public sealed class FailedAuthLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public FailedAuthLimiter(IOptions<FailedAuthOptions> options)
    {
        var limit = options.Value.FailedAuthPerAddressPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => limit == 0
            ? RateLimitPartition.GetNoLimiter(address)
            : RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Counts one failure of <paramref name="address"/>; false (with the wait) once it is over the limit.</summary>
    public bool TryCountFailure(IPAddress? address, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(address?.ToString() ?? "unknown");
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
