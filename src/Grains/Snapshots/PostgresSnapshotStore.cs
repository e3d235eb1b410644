using System.Text.Json;
using DashboardFactory.Cockpits;
using DashboardFactory.Database;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace DashboardFactory.Snapshots;

/// <summary>
/// Snapshots in the cockpit_snapshots table. Saves are group-committed: concurrent SaveAsync calls (a rollout
/// makes thousands at once) are gathered and written with one multi-row INSERT, so the database sees a
/// handful of transactions a second instead of one per cockpit. Each caller still waits for its own row
/// to be committed before it goes on.
/// </summary>
public sealed partial class PostgresSnapshotStore : ISnapshotStore, IAsyncDisposable
{
    private const int MaxBatch = 500;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresSnapshotStore> _logger;
    private readonly BatchWriter<Snapshot, bool> _writer;

    public PostgresSnapshotStore(NpgsqlDataSource dataSource, ILogger<PostgresSnapshotStore> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
        _writer = new BatchWriter<Snapshot, bool>(MaxBatch, _ => 1, InsertAsync, (error, count, _) => LogBatchFailed(error, count));
    }

    public Task SaveAsync(Snapshot snapshot) => _writer.WriteAsync(snapshot);

    public async Task<IReadOnlyList<SnapshotSummary>> ListAsync(string cockpitId)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT snapshot_id, version, taken_at, reason, before_installing FROM cockpit_snapshots WHERE cockpit_id = $1 ORDER BY taken_at DESC, snapshot_id DESC");
        command.Parameters.AddWithValue(cockpitId);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<SnapshotSummary>();
        while (await reader.ReadAsync())
        {
            list.Add(new SnapshotSummary(
                reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return list;
    }

    public async Task<Snapshot?> GetAsync(string cockpitId, string snapshotId)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT version, taken_at, reason, document, pristine, html, installed, before_installing FROM cockpit_snapshots WHERE cockpit_id = $1 AND snapshot_id = $2");
        command.Parameters.AddWithValue(cockpitId);
        command.Parameters.AddWithValue(snapshotId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        var installed = JsonSerializer.Deserialize<Dictionary<string, InstalledFeature>>(reader.GetString(6), JsonSerializerOptions.Web) ?? [];
        return new Snapshot(cockpitId, snapshotId, reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
            reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), installed, reader.IsDBNull(7) ? null : reader.GetString(7));
    }

    public async Task<long> TrimAsync(DateTimeOffset cutoff)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM cockpit_snapshots WHERE taken_at < $1");
        command.Parameters.AddWithValue(cutoff);
        return await command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private async Task<IReadOnlyList<bool>> InsertAsync(IReadOnlyList<Snapshot> snapshots)
    {
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO cockpit_snapshots (cockpit_id, snapshot_id, version, taken_at, reason, document, pristine, html, installed, before_installing)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
            ON CONFLICT (cockpit_id, snapshot_id) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = snapshots.Select(s => s.CockpitId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = snapshots.Select(s => s.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = snapshots.Select(s => s.Version).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = snapshots.Select(s => s.TakenAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = snapshots.Select(s => s.Reason).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = snapshots.Select(s => s.DocumentJson).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = snapshots.Select(s => s.PristineJson).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = snapshots.Select(s => s.Html).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = snapshots.Select(s => JsonSerializer.Serialize(s.InstalledFeatures, JsonSerializerOptions.Web)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = snapshots.Select(s => s.BeforeInstalling).ToArray() });
        await command.ExecuteNonQueryAsync();
        return new bool[snapshots.Count];
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} cockpit snapshots failed; their callers are told")]
    private partial void LogBatchFailed(Exception error, int count);
}
