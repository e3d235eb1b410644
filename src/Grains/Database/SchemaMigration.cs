namespace DashboardFactory.Database;

/// <summary>One file of sql/: "0003_orleans_persistence.sql" is version "0003", name "orleans_persistence".</summary>
public sealed record SchemaMigration(string Version, string Name, string Sql, string Checksum);
