using Npgsql;

namespace DashboardFactory.Ops;

/// <summary>Reads schema_migrations (written by <see cref="Database.SchemaMigrator"/>), oldest first.</summary>
public sealed class PostgresSchemaHistoryReader(NpgsqlDataSource database) : ISchemaHistoryReader
{
    public const string Storage = "postgresql";

    public async Task<SchemaHistory> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new List<AppliedMigration>();
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(new AppliedMigration(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return new SchemaHistory(Storage, applied);
    }
}
