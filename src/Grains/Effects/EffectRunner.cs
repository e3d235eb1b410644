using DashboardFactory.Alerts;
using DashboardFactory.Audit;
using DashboardFactory.Campaigns;
using DashboardFactory.Errors;
using DashboardFactory.Mail;
using DashboardFactory.Outbox;
using DashboardFactory.Users;

namespace DashboardFactory.Effects;

/// <summary>Carries out a grain's pending effects in order, removing each once done (see <see cref="PendingEffect"/>).</summary>
public sealed class EffectRunner(IAuditLog audit, IOutbox outbox, IMailOutbox mail, IGrainFactory grains, IClusterClient streams)
{
    public async Task CarryOutAsync(List<PendingEffect> pending, string auditSubject, string subjectId)
    {
        while (pending.Count > 0)
        {
            var effect = pending[0];
            if (effect.Audit is not null)
            {
                await audit.AppendAsync(auditSubject, subjectId, effect.Id, effect.Audit);
            }

            if (effect.Outbox is not null)
            {
                await outbox.EnqueueAsync(effect.Outbox);
            }

            if (effect.Mail is not null)
            {
                await mail.EnqueueAsync(effect.Mail);
            }

            if (effect.RewardUserId is not null)
            {
                // The user may have been removed since; a missing user forfeits the reward.
                try
                {
                    await grains.GetGrain<IUserGrain>(effect.RewardUserId).AddXpAsync(effect.RewardXp, effect.Id);
                }
                catch (DomainException missing) when (missing.Kind == DomainErrorKind.NotFound)
                {
                }
            }

            if (effect.Alert is not null)
            {
                await streams.GetStreamProvider(ProviderNames.Streams)
                    .GetStream<AlertEvent>(StreamId.Create(AlertEvent.Namespace, AlertEvent.Admins))
                    .OnNextAsync(effect.Alert);
            }

            if (effect.Campaign is { } launch)
            {
                await grains.GetGrain<ICampaignGrain>(launch.CampaignId).StartAsync(launch.Start);
            }

            pending.RemoveAt(0);
        }

        // Done effects leave storage with the grain's next write; doing them again meanwhile is harmless.
    }
}
