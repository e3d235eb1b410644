using DashboardFactory.Cockpits;
using Microsoft.Extensions.Logging;

namespace DashboardFactory.Campaigns;

/// <summary>
/// Sends one campaign's rollout messages, one one-way call per cockpit (<see cref="ICockpitGrain.ReceiveRolloutAsync"/>).
/// A message that cannot be sent is reported back and logged, never thrown: the schedule sends it again later, as it
/// does for a message sent but never answered.
/// </summary>
/// <remarks>
/// Why not a stream: rollout messages used to travel on memory streams with an implicit subscription per cockpit. Each
/// cockpit that received one kept a stream consumer (extension, directory, cursor, handles: about 45 objects) for the
/// rest of its activation, so a 10,000-cockpit rollout promoted 10,000 such sets through every GC generation while the
/// silo was busiest, and each message took a queue grain, a pulling agent and a handshake on its way. The campaign
/// already keeps what streams were meant to give (a bounded window, answers, retries, idempotent apply), so a one-way
/// call is the whole transport.
/// </remarks>
public sealed partial class RolloutSender(string campaignId, IGrainFactory grains, ILogger logger)
{
    /// <summary>Sends each cockpit of <paramref name="batch"/> its message; says per cockpit whether it went.</summary>
    public IReadOnlyList<(string CockpitId, bool Sent)> Send(IReadOnlyList<string> batch, FeatureRelease release, Func<string, int> attemptOf)
    {
        var sent = new (string, bool)[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var cockpitId = batch[i];
            sent[i] = (cockpitId, TrySend(cockpitId, new RolloutMessage(campaignId, release, attemptOf(cockpitId))));
        }

        return sent;
    }

    private bool TrySend(string cockpitId, RolloutMessage message)
    {
        try
        {
            // One-way: the task completes once the message is on its way, faulted only when it could not be sent.
            var sending = grains.GetGrain<ICockpitGrain>(cockpitId).ReceiveRolloutAsync(message);
            if (sending.IsFaulted)
            {
                LogSendFailed(sending.Exception.GetBaseException(), campaignId, cockpitId);
                return false;
            }

            return true;
        }
        catch (Exception error)
        {
            LogSendFailed(error, campaignId, cockpitId);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CampaignId} could not send to cockpit {CockpitId}; it will retry")]
    private partial void LogSendFailed(Exception error, string campaignId, string cockpitId);
}
