namespace DashboardFactory.Api.Ops;

/// <summary>
/// GET /api/ops/board: the pre-flight checklist of seed 003. <c>storage</c> is "postgresql" or "memory" (the embedded
/// default, which has no schema and so no migrations).
/// </summary>
public sealed record OpsBoard(
    DateTimeOffset GeneratedAt,
    IReadOnlyList<OpsFlag> Flags,
    IReadOnlyList<OpsSilo> Silos,
    string Storage,
    IReadOnlyList<OpsMigration> Migrations,
    IReadOnlyList<OpsKpi> Kpis,
    OpsSnapshots Snapshots);
