namespace DashboardFactory.Ops;

/// <summary>One script of sql/ as the database recorded it: "0003" and "orleans_persistence", applied at.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Ops.AppliedMigration")]
public sealed record AppliedMigration(
    [property: Id(0)] string Version,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset AppliedAt);
