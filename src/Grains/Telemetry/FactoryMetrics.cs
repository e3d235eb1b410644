using System.Diagnostics.Metrics;

namespace DashboardFactory.Telemetry;

/// <summary>
/// The product's own instruments, all on one meter, named here and nowhere else so every capability records
/// under the same names and an SRE finds them in one list (README "Operations"). Counters, for rates and totals,
/// which cost one interlocked add when nothing listens; histograms only for the delays of live data, whose tails an
/// SRE must see.
/// </summary>
public static class FactoryMetrics
{
    public const string MeterName = "DashboardFactory";

    /// <summary>Cockpit documents changed and saved, tagged <c>change</c>: installed, removed, restored or customized.</summary>
    public const string CockpitsUpdated = "dashboard_factory.cockpits.updated";

    /// <summary>Rollout targets settled, tagged <c>outcome</c>: applied, skipped or failed. Campaign progress, fleet-wide.</summary>
    public const string CampaignCockpits = "dashboard_factory.campaign.cockpits";

    /// <summary>Campaigns that stopped running, tagged <c>state</c>: completed, halted or cancelled.</summary>
    public const string CampaignsFinished = "dashboard_factory.campaigns.finished";

    /// <summary>Rollbacks started and finished, tagged <c>event</c>: started or finished.</summary>
    public const string Rollbacks = "dashboard_factory.rollbacks";

    /// <summary>Cockpits a finished rollback dealt with, tagged <c>outcome</c>: restored, skipped or failed.</summary>
    public const string RollbackCockpits = "dashboard_factory.rollback.cockpits";

    /// <summary>KPI points answered by ingestion, tagged <c>result</c>: accepted, duplicate or rejected.</summary>
    public const string KpiPoints = "dashboard_factory.kpi.points";

    /// <summary>Messages pushed to live clients, tagged <c>transport</c> (signalr, sse) and <c>event</c> (kpiValue, cockpitUpdated, alert).</summary>
    public const string Pushes = "dashboard_factory.pushes";

    /// <summary>
    /// Cockpit updates a silo sent to watching API nodes, tagged <c>path</c>: push (the node's push link) or observer
    /// (an Orleans one-way call: a node without a link, or one whose link is connecting, failed or backed up).
    /// </summary>
    public const string CockpitUpdatesSent = "dashboard_factory.cockpit_updates.sent";

    /// <summary>The <c>path</c> of a cockpit update that went on the node's push link.</summary>
    public const string PushPath = "push";

    /// <summary>The <c>path</c> of a cockpit update that went through the node's observer.</summary>
    public const string ObserverPath = "observer";

    /// <summary>
    /// Milliseconds from a cockpit grain publishing an update (its <c>PublishedAt</c>, the silo's clock) to a watching
    /// API node receiving it (the node's clock), tagged <c>path</c>: push or observer. Recorded for the first copy of
    /// each update a node takes; its tail says whether late updates are late before the node or after it.
    /// </summary>
    public const string CockpitUpdateDelay = "dashboard_factory.cockpit_updates.delay";

    /// <summary>
    /// Milliseconds from a KPI stream grain publishing a live value (its event's <c>PublishedAt</c>, the silo's clock)
    /// to a watching API node receiving it (the node's clock), once per event a node takes; the node's share of a KPI
    /// point's way to a browser is what follows.
    /// </summary>
    public const string KpiValueDelay = "dashboard_factory.kpi_values.delay";

    /// <summary>
    /// Milliseconds from a KPI grain taking in the batch behind a live value (its <c>UpdatedAt</c>, the KPI clock, read
    /// before the batch is stored) to the value's stream grain publishing it (the KPI clock of its silo), once per
    /// published value: the store write, the push between the two grains and any time held in the
    /// <c>KpiStreams:Coalesce</c> window. With <see cref="KpiValueDelay"/> it splits a point's way into before the
    /// feed, the feed itself, and after it; across silos it compares two machines' clocks.
    /// </summary>
    public const string KpiValuePublishDelay = "dashboard_factory.kpi_values.publish_delay";

    /// <summary>
    /// Webhook delivery attempts, tagged <c>outcome</c>: delivered, failed or abandoned (and <c>status</c>, the
    /// HTTP status when one came back). Defined here for the webhook deliverer to record.
    /// </summary>
    public const string WebhookDeliveries = "dashboard_factory.webhook.deliveries";

    /// <summary>Rollback e-mails handed to the SMTP server or given up, tagged <c>outcome</c>: sent, retried or abandoned.</summary>
    public const string Mails = "dashboard_factory.mails";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> CockpitsUpdatedCounter = Meter.CreateCounter<long>(CockpitsUpdated, "{cockpit}", "Cockpit documents changed and saved.");

    public static readonly Counter<long> CampaignCockpitsCounter = Meter.CreateCounter<long>(CampaignCockpits, "{cockpit}", "Rollout targets settled.");

    public static readonly Counter<long> CampaignsFinishedCounter = Meter.CreateCounter<long>(CampaignsFinished, "{campaign}", "Campaigns that stopped running.");

    public static readonly Counter<long> RollbacksCounter = Meter.CreateCounter<long>(Rollbacks, "{rollback}", "Rollbacks started and finished.");

    public static readonly Counter<long> RollbackCockpitsCounter = Meter.CreateCounter<long>(RollbackCockpits, "{cockpit}", "Cockpits a finished rollback dealt with.");

    public static readonly Counter<long> KpiPointsCounter = Meter.CreateCounter<long>(KpiPoints, "{point}", "KPI points answered by ingestion.");

    public static readonly Counter<long> PushesCounter = Meter.CreateCounter<long>(Pushes, "{message}", "Messages pushed to live clients.");

    public static readonly Counter<long> CockpitUpdatesSentCounter = Meter.CreateCounter<long>(CockpitUpdatesSent, "{update}", "Cockpit updates sent to watching API nodes.");

    public static readonly Histogram<double> CockpitUpdateDelayHistogram = Meter.CreateHistogram<double>(CockpitUpdateDelay, "ms", "Delay from a cockpit update being published to a watching API node receiving it.");

    public static readonly Histogram<double> KpiValuePublishDelayHistogram = Meter.CreateHistogram<double>(KpiValuePublishDelay, "ms", "Delay from a KPI change being taken in to its live feed publishing it.");

    public static readonly Histogram<double> KpiValueDelayHistogram = Meter.CreateHistogram<double>(KpiValueDelay, "ms", "Delay from a live KPI value being published to a watching API node receiving it.");

    public static readonly Counter<long> WebhookDeliveriesCounter = Meter.CreateCounter<long>(WebhookDeliveries, "{attempt}", "Webhook delivery attempts.");

    public static readonly Counter<long> MailsCounter = Meter.CreateCounter<long>(Mails, "{mail}", "Rollback e-mails sent, retried or abandoned.");

    public static void CockpitUpdated(CockpitChange change) =>
        CockpitsUpdatedCounter.Add(1, new KeyValuePair<string, object?>("change", ChangeTag(change)));

    public static void CampaignCockpitSettled(string outcome) =>
        CampaignCockpitsCounter.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void CampaignFinished(string state) =>
        CampaignsFinishedCounter.Add(1, new KeyValuePair<string, object?>("state", state));

    public static void RollbackStarted() => RollbacksCounter.Add(1, new KeyValuePair<string, object?>("event", "started"));

    public static void RollbackFinished(int restored, int skipped, int failed)
    {
        RollbacksCounter.Add(1, new KeyValuePair<string, object?>("event", "finished"));
        RollbackCockpitsCounter.Add(restored, new KeyValuePair<string, object?>("outcome", "restored"));
        RollbackCockpitsCounter.Add(skipped, new KeyValuePair<string, object?>("outcome", "skipped"));
        RollbackCockpitsCounter.Add(failed, new KeyValuePair<string, object?>("outcome", "failed"));
    }

    public static void KpiPointsAnswered(int accepted, int duplicates, int rejected)
    {
        KpiPointsCounter.Add(accepted, new KeyValuePair<string, object?>("result", "accepted"));
        KpiPointsCounter.Add(duplicates, new KeyValuePair<string, object?>("result", "duplicate"));
        KpiPointsCounter.Add(rejected, new KeyValuePair<string, object?>("result", "rejected"));
    }

    public static void Pushed(string transport, string eventName) =>
        PushesCounter.Add(1, new KeyValuePair<string, object?>("transport", transport), new KeyValuePair<string, object?>("event", eventName));

    public static void CockpitUpdateSent(string path) => CockpitUpdatesSentCounter.Add(1, new KeyValuePair<string, object?>("path", path));

    public static void CockpitUpdateReceived(string path, TimeSpan delay) =>
        CockpitUpdateDelayHistogram.Record(delay.TotalMilliseconds, new KeyValuePair<string, object?>("path", path));

    public static void KpiValuePublished(TimeSpan delay) => KpiValuePublishDelayHistogram.Record(delay.TotalMilliseconds);

    public static void KpiValueReceived(TimeSpan delay) => KpiValueDelayHistogram.Record(delay.TotalMilliseconds);

    /// <summary><paramref name="status"/> is the receiver's HTTP status, absent when none came back (time-out, refused).</summary>
    public static void WebhookAttempted(string outcome, int? status) =>
        WebhookDeliveriesCounter.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("status", status));

    public static void Mail(string outcome) => MailsCounter.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A small fixed set of values, never the free-text reason (that would make one series per cockpit).</summary>
    public static string ChangeTag(CockpitChange change) => change switch
    {
        CockpitChange.Installed => "installed",
        CockpitChange.Removed => "removed",
        CockpitChange.Restored => "restored",
        _ => "customized",
    };
}
