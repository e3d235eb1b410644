using System.Threading.RateLimiting;
using DashboardFactory.Api.Auth;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.RateLimiting;

/// <summary>
/// RateLimits:WritesPerUserPerMinute: a fixed one-minute window per user over every write to /api (POST, PUT, PATCH,
/// DELETE), refused or not, since each costs a grain call and often a state write. Admins are exempt: whoever holds
/// the admin token is trusted (README "Security"), and the bursts that are theirs to make (seeding a fleet, creating
/// users, rolling back a bad widget during an incident) must never wait for a window to pass.
/// </summary>
public sealed class WritesPerUserRule(IOptions<RateLimitOptions> options) : IRateLimitRule
{
    private int Limit => options.Value.WritesPerUserPerMinute;

    public TimeSpan RetryAfter => TimeSpan.FromMinutes(1);

    public RateLimitPartition<string>? PartitionFor(HttpContext context) =>
        Limit > 0 && RateLimitKeys.IsApiWrite(context.Request) && !context.User.IsAdmin() && RateLimitKeys.CallerOf(context) is { } caller
            ? RateLimitPartition.GetFixedWindowLimiter("writes:" + caller, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Limit,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            })
            : null;

    public string Describe() => $"At most {Limit} writes (POST, PUT, PATCH, DELETE to /api) per minute per user (RateLimits:WritesPerUserPerMinute).";
}
