using Npgsql;

namespace DashboardFactory.StateReads;

/// <summary>Reads many grain states of one service with one statement (<c>orleans_read_many_from_storage</c>, sql/0013).</summary>
public sealed class PostgresStateRows(NpgsqlDataSource database, string serviceId)
{
    private const string Sql = "SELECT ordinal, payloadbinary, version FROM orleans_read_many_from_storage($1, $2, $3, $4, $5, $6, $7)";

    public async Task<IReadOnlyList<StoredState>> ReadAsync(IReadOnlyList<StateKey> keys)
    {
        await using var command = database.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. keys.Select(k => k.IdHash)] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. keys.Select(k => k.TypeHash)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. keys.Select(k => k.N0)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. keys.Select(k => k.N1)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keys.Select(k => k.TypeString)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. keys.Select(k => k.Extension)] });

        var found = new StoredState[keys.Count];
        Array.Fill(found, StoredState.Missing);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var index = reader.GetInt32(0) - 1;
            found[index] = found[index].Kind == StoredStateKind.Missing
                ? new StoredState(StoredStateKind.Found, reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1), reader.GetInt32(2))
                : StoredState.Ambiguous;
        }

        return found;
    }
}
