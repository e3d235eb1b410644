using DashboardFactory.Alerts;
using DashboardFactory.Audit;
using DashboardFactory.Mail;
using DashboardFactory.Outbox;

namespace DashboardFactory.Effects;

/// <summary>
/// Something a change must cause outside its grain (an audit entry, a webhook event, an XP reward, an alert, mail,
/// a campaign to start). Effects are saved in the grain's state together with the change, then carried out; one
/// that was saved but not carried out (a crash in between) is carried out at the next activation. Each effect is
/// idempotent by its id, so carrying one out twice does no harm, and none is ever lost or invented. Name the parts
/// an effect has (<c>new PendingEffect(id, Audit: entry, Alert: alert)</c>); the others default to none.
/// </summary>
[GenerateSerializer, Alias("DashboardFactory.Effects.PendingEffect")]
public sealed record PendingEffect(
    [property: Id(0)] string Id,
    [property: Id(1)] AuditEntry? Audit = null,
    [property: Id(2)] OutboxEvent? Outbox = null,
    [property: Id(3)] string? RewardUserId = null,
    [property: Id(4)] int RewardXp = 0,
    [property: Id(5)] AlertEvent? Alert = null)
{
    /// <summary>E-mail the change causes (queued in the mail outbox, idempotent by the job's id).</summary>
    [Id(6)]
    public MailJob? Mail { get; init; }

    /// <summary>A campaign the change makes due (idempotent: a release has one campaign, and starting it again changes nothing).</summary>
    [Id(7)]
    public CampaignLaunch? Campaign { get; init; }
}
