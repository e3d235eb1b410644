namespace DashboardFactory.Ops;

/// <summary>
/// Where the cluster keeps its data ("postgresql", or "memory" in the embedded default, which has no schema and so
/// no migrations) and the migrations applied to it, oldest first.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Ops.SchemaHistory")]
public sealed record SchemaHistory(
    [property: Id(0)] string Storage,
    [property: Id(1)] IReadOnlyList<AppliedMigration> Migrations);
