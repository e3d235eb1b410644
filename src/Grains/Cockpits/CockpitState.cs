using DashboardFactory.Fleet;

namespace DashboardFactory.Cockpits;

[GenerateSerializer, Alias("DashboardFactory.Cockpits.CockpitState")]
public sealed class CockpitState
{
    [Id(0)] public bool Exists { get; set; }

    [Id(1)] public string OwnerId { get; set; } = string.Empty;

    [Id(2)] public string Version { get; set; } = SemanticVersion.Initial.ToString();

    [Id(3)] public List<string> Cohorts { get; set; } = [];

    [Id(4)] public AutoUpdatePolicy AutoUpdate { get; set; } = AutoUpdatePolicy.Default;

    /// <summary>The operator's document: what they see, with their customizations.</summary>
    [Id(5)] public string DocumentJson { get; set; } = "{}";

    /// <summary>The last factory output: the base of the next three-way merge.</summary>
    [Id(6)] public string PristineJson { get; set; } = "{}";

    [Id(7)] public Dictionary<string, InstalledFeature> InstalledFeatures { get; set; } = new(StringComparer.Ordinal);

    [Id(8)] public DateTimeOffset CreatedAt { get; set; }

    [Id(9)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Grows with every change; the document's ETag is made from it.</summary>
    [Id(10)] public long Revision { get; set; }

    /// <summary>
    /// A cockpit.updated webhook event saved with the change it reports and written to the outbox after it; only
    /// when some webhook subscribes to the type (otherwise null, and nothing is written).
    /// </summary>
    [Id(11)] public Outbox.OutboxEvent? PendingEvent { get; set; }

    public string ETag => $"\"c{Revision}\"";

    /// <summary>
    /// What an operator's merge patch may change, as it is now. A method, not a property: the embedded mode's memory
    /// storage writes state as JSON with every public property, and a computed one would be stored with a type name
    /// it then refuses to read back (the cockpit failed to activate again).
    /// </summary>
    public EditableCockpit ToEditable() => new(DocumentJson, AutoUpdate, Cohorts);

    public void Edit(EditableCockpit edited)
    {
        DocumentJson = edited.DocumentJson;
        AutoUpdate = edited.AutoUpdate;
        Cohorts = [.. edited.Cohorts];
    }

    public CockpitView View(string id) =>
        new(id, OwnerId, Version, Cohorts, AutoUpdate, DocumentJson, InstalledFeatures, UpdatedAt, ETag);

    /// <summary>What a node's lease on the cockpit is answered: enough to tell a change it never heard of.</summary>
    public CockpitWatchAnswer WatchAnswer(int nodes) =>
        Exists ? new(Revision, Version, UpdatedAt, nodes) : new(0, string.Empty, default, nodes);

    /// <summary>What the fleet index should know of the cockpit now.</summary>
    public FleetEntry IndexEntry(string id) =>
        new(id, Version, Cohorts, InstalledFeatures.ToDictionary(f => f.Key, f => f.Value.Version, StringComparer.Ordinal), AutoUpdate, UpdatedAt, OwnerId);
}
