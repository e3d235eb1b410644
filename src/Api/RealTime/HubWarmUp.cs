using DashboardFactory.Alerts;
using DashboardFactory.Cockpits;
using DashboardFactory.Kpis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// Writes one message of each kind the hub pushes (cockpitUpdated, kpiValue, alert) with each of its protocols once
/// at start, into nothing. The first message of a kind through a fresh node otherwise pays the JIT and the
/// serializers' set-up for its type (JSON metadata, MessagePack formatters): measured in the rollout bench, the
/// first updates through a fresh API node and client reached their browsers 65-120 ms after the write instead of a
/// few ms. A few milliseconds here, once, keep that off the first operator's screen.
/// </summary>
public sealed partial class HubWarmUp(IHubProtocolResolver protocols, ILogger<HubWarmUp> logger) : IHostedService
{
    /// <summary>The protocols warmed, by name, once started.</summary>
    public IReadOnlyList<string> Warmed { get; private set; } = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var at = DateTimeOffset.UnixEpoch;
        object[] samples =
        [
            CockpitUpdatedMessage.From(new CockpitUpdated("warm-up", "1", ["f"], [], at, "warm-up", at, 1)),
            KpiValueMessage.From(new KpiValue("warm-up", KpiPeriod.Minute, at, 1, 1, 1, 1, 1, 1, at, false), at),
            AlertMessage.From(new AlertEvent("warm-up", "warm-up", null, null, at)),
        ];
        List<string> warmed = [];
        foreach (var protocol in protocols.AllProtocols)
        {
            try
            {
                foreach (var sample in samples)
                {
                    protocol.GetMessageBytes(new InvocationMessage("warm-up", [sample]));
                }

                warmed.Add(protocol.Name);
            }
            catch (Exception error)
            {
                // Only a slower first message: never a reason not to start.
                LogWarmUpFailed(error, protocol.Name);
            }
        }

        Warmed = warmed;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warming up the hub's {Protocol} protocol failed; its first message will be slower")]
    private partial void LogWarmUpFailed(Exception error, string protocol);
}
