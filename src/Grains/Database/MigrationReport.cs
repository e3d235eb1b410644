namespace DashboardFactory.Database;

/// <summary>What a migration run did: the versions it applied now, and how many were already there.</summary>
public sealed record MigrationReport(IReadOnlyList<SchemaMigration> Applied, int AlreadyApplied);
