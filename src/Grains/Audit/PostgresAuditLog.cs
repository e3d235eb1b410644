using Npgsql;

namespace DashboardFactory.Audit;

/// <summary>The audit trail in the audit_log table, so it outlives any silo and can be queried with SQL.</summary>
public sealed class PostgresAuditLog(NpgsqlDataSource dataSource) : IAuditLog
{
    public async Task AppendAsync(string subjectType, string subjectId, string entryId, AuditEntry entry)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO audit_log (entry_id, subject_type, subject_id, at, actor, action, before, after)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (entry_id) DO NOTHING
            """);
        command.Parameters.AddWithValue(entryId);
        command.Parameters.AddWithValue(subjectType);
        command.Parameters.AddWithValue(subjectId);
        command.Parameters.AddWithValue(entry.At);
        command.Parameters.AddWithValue(entry.Actor);
        command.Parameters.AddWithValue(entry.Action);
        command.Parameters.AddWithValue((object?)entry.Before ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)entry.After ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string subjectType, string subjectId)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT at, actor, action, before, after FROM audit_log WHERE subject_type = $1 AND subject_id = $2 ORDER BY id");
        command.Parameters.AddWithValue(subjectType);
        command.Parameters.AddWithValue(subjectId);
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync())
        {
            entries.Add(new AuditEntry(
                reader.GetFieldValue<DateTimeOffset>(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return entries;
    }
}
