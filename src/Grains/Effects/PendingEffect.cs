using DashboardFactory.Alerts;
using DashboardFactory.Audit;
using DashboardFactory.Mail;
using DashboardFactory.Outbox;

namespace DashboardFactory.Effects;

/// <summary>
/// Something a change must cause outside its grain (an audit entry, a webhook event, an XP reward, an alert, mail).
/// Effects are saved in the grain's state together with the change, then carried out; one that was saved but
/// not carried out (a crash in between) is carried out at the next activation. Each effect is idempotent by
/// its id, so carrying one out twice does no harm, and none is ever lost or invented.
/// </summary>
[GenerateSerializer, Alias("DashboardFactory.Effects.PendingEffect")]
public sealed record PendingEffect(
    [property: Id(0)] string Id,
    [property: Id(1)] AuditEntry? Audit,
    [property: Id(2)] OutboxEvent? Outbox,
    [property: Id(3)] string? RewardUserId,
    [property: Id(4)] int RewardXp,
    [property: Id(5)] AlertEvent? Alert)
{
    /// <summary>E-mail the change causes (queued in the mail outbox, idempotent by the job's id).</summary>
    [Id(6)]
    public MailJob? Mail { get; init; }
}
