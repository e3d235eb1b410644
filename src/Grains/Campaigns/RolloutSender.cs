using DashboardFactory.Cockpits;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace DashboardFactory.Campaigns;

/// <summary>
/// Puts one campaign's rollout messages on the cockpits' streams (the rollouts namespace, which cockpits subscribe
/// to implicitly), all of a batch at once. A message the stream refuses is reported back and logged, never thrown:
/// the schedule sends it again later.
/// </summary>
public sealed partial class RolloutSender(string campaignId, IStreamProvider streams, ILogger logger)
{
    /// <summary>Sends each cockpit of <paramref name="batch"/> its message; says per cockpit whether the stream took it.</summary>
    public async Task<IReadOnlyList<(string CockpitId, bool Sent)>> SendAsync(IReadOnlyList<string> batch, FeatureRelease release, Func<string, int> attemptOf)
    {
        var sends = batch.Select(async cockpitId =>
        {
            try
            {
                await streams.GetStream<RolloutMessage>(StreamId.Create(StreamNamespaces.Rollouts, cockpitId))
                    .OnNextAsync(new RolloutMessage(campaignId, release, attemptOf(cockpitId)));
                return (cockpitId, true);
            }
            catch (Exception error)
            {
                LogSendFailed(error, campaignId, cockpitId);
                return (cockpitId, false);
            }
        });
        return await Task.WhenAll(sends);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CampaignId} could not send to cockpit {CockpitId}; it will retry")]
    private partial void LogSendFailed(Exception error, string campaignId, string cockpitId);
}
