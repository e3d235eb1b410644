namespace DashboardFactory.Api.Ops;

/// <summary>An applied schema migration: <c>id</c> is the file name without ".sql", e.g. "0003_orleans_persistence".</summary>
public sealed record OpsMigration(string Id, DateTimeOffset AppliedAt);
