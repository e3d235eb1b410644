namespace DashboardFactory.Cockpits;

/// <summary>
/// Everything needed to put a cockpit back exactly as it was: both documents, the version and the installed
/// features. <see cref="Html"/> is the page; stores may leave it null, since the page is a pure function of the
/// cockpit id, version and document and the cockpit renders it when the snapshot is read (rendering every page
/// at snapshot time cost about half the CPU of applying a release to a cockpit nobody was watching).
/// <see cref="BeforeInstalling"/> marks the snapshot taken just before a feature was installed (the one a rollback
/// in snapshot mode restores); <see cref="Reason"/> is for people only.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.Snapshot")]
public sealed record Snapshot(
    [property: Id(0)] string CockpitId,
    [property: Id(1)] string Id,
    [property: Id(2)] string Version,
    [property: Id(3)] DateTimeOffset TakenAt,
    [property: Id(4)] string Reason,
    [property: Id(5)] string DocumentJson,
    [property: Id(6)] string PristineJson,
    [property: Id(7)] string? Html,
    [property: Id(8)] IReadOnlyDictionary<string, InstalledFeature> InstalledFeatures,
    [property: Id(9)] string? BeforeInstalling)
{
    public SnapshotSummary Summary() => new(Id, Version, TakenAt, Reason, BeforeInstalling);
}
