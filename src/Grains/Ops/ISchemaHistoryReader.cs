namespace DashboardFactory.Ops;

/// <summary>The silo's view of its schema: PostgreSQL's schema_migrations table, or nothing in memory.</summary>
public interface ISchemaHistoryReader
{
    Task<SchemaHistory> ReadAsync(CancellationToken cancellationToken);
}
