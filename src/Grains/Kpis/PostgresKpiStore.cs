using DashboardFactory.Database;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace DashboardFactory.Kpis;

/// <summary>
/// KPI history in kpi_points and kpi_buckets. Appends are group-committed: concurrent AppendAsync calls from
/// every KPI grain of the silo are gathered into one multi-row INSERT (unnest of arrays) with
/// ON CONFLICT (code, point_id) DO NOTHING ... RETURNING, which tells each caller which of its points were new.
/// </summary>
public sealed partial class PostgresKpiStore : IKpiStore, IAsyncDisposable
{
    /// <summary>Points per INSERT; a single bigger request still goes alone.</summary>
    private const int MaxBatchPoints = 5000;

    private const string Origin = "TIMESTAMPTZ '1970-01-01 00:00:00+00'";

    // Points stored before the value range existed (1e308, or infinities and NaN written by hand) would make float8
    // sum() and avg() overflow or turn non-finite; NaN compares above every number in PostgreSQL, so it fails this too.
    private const string InRange = "abs(p.value) <= " + KpiPointRules.MaxAbsValueSql;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresKpiStore> _logger;
    private readonly BatchWriter<Append, IReadOnlyList<bool>> _writer;

    public PostgresKpiStore(NpgsqlDataSource dataSource, ILogger<PostgresKpiStore> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
        _writer = new BatchWriter<Append, IReadOnlyList<bool>>(MaxBatchPoints, a => a.Points.Count, InsertAsync, LogBatchFailed);
    }

    public Task<IReadOnlyList<bool>> AppendAsync(string code, IReadOnlyList<KpiPoint> points, DateTimeOffset receivedAt)
        => _writer.WriteAsync(new Append(code, points, receivedAt));

    public async Task SaveBucketsAsync(IReadOnlyList<KpiBucketRow> buckets)
    {
        if (buckets.Count == 0)
        {
            return;
        }

        await using var command = _dataSource.CreateCommand("""
            INSERT INTO kpi_buckets (code, period, bucket_start, count, sum, min, max, last, last_ts)
            SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::timestamptz[])
            ON CONFLICT (code, period, bucket_start) DO UPDATE SET
                count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max,
                last = excluded.last, last_ts = excluded.last_ts, written_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = buckets.Select(b => b.Code).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = buckets.Select(b => b.Period.ToWire()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = buckets.Select(b => b.Start).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = buckets.Select(b => b.Count).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = buckets.Select(b => b.Sum).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = buckets.Select(b => b.Min).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = buckets.Select(b => b.Max).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = buckets.Select(b => b.Last).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = buckets.Select(b => b.LastTs).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<KpiRecent> LoadRecentAsync(string code, DateTimeOffset notBefore)
    {
        // least() ignores the NULL max(ts) of a KPI without points.
        await using var command = _dataSource.CreateCommand($"""
            WITH latest AS (SELECT max(ts) AS ts FROM kpi_points p WHERE code = $1 AND {InRange})
            SELECT date_bin('1 minute', p.ts, {Origin}) AS minute, count(*), sum(p.value), min(p.value), max(p.value),
                   (array_agg(p.value ORDER BY p.ts DESC, p.seq DESC))[1], max(p.ts), max(p.received_at)
            FROM kpi_points p, latest
            WHERE p.code = $1 AND p.ts >= date_bin('1 day', least($2, latest.ts), {Origin}) AND {InRange}
            GROUP BY minute
            """);
        command.Parameters.AddWithValue(code);
        command.Parameters.AddWithValue(notBefore);
        await using var reader = await command.ExecuteReaderAsync();
        var minutes = new List<KpiBucketRow>();
        DateTimeOffset? lastReceived = null;
        while (await reader.ReadAsync())
        {
            minutes.Add(new KpiBucketRow(code, KpiPeriod.Minute, reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1),
                reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetFieldValue<DateTimeOffset>(6)));
            var received = reader.GetFieldValue<DateTimeOffset>(7);
            if (lastReceived is null || received > lastReceived)
            {
                lastReceived = received;
            }
        }

        return new KpiRecent(minutes, lastReceived);
    }

    public async Task<IReadOnlyList<KpiSeriesPoint>> SeriesAsync(string code, KpiPeriod period, DateTimeOffset from, DateTimeOffset to)
    {
        await using var command = _dataSource.CreateCommand($"""
            SELECT date_bin($2, ts, {Origin}) AS bucket, avg(value), min(value), max(value), count(*)
            FROM kpi_points p
            WHERE code = $1 AND ts >= $3 AND ts < $4 AND {InRange}
            GROUP BY bucket
            ORDER BY bucket
            """);
        command.Parameters.AddWithValue(code);
        command.Parameters.AddWithValue(period.Width());
        command.Parameters.AddWithValue(from);
        command.Parameters.AddWithValue(to);
        await using var reader = await command.ExecuteReaderAsync();
        var series = new List<KpiSeriesPoint>();
        while (await reader.ReadAsync())
        {
            series.Add(new KpiSeriesPoint(reader.GetFieldValue<DateTimeOffset>(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetInt64(4)));
        }

        return series;
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private async Task<IReadOnlyList<IReadOnlyList<bool>>> InsertAsync(IReadOnlyList<Append> batch)
    {
        var rows = batch.SelectMany(p => p.Points.Select(point => (p.Code, Point: point, p.ReceivedAt))).ToArray();
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO kpi_points (code, point_id, ts, value, received_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::float8[], $5::timestamptz[])
            ON CONFLICT (code, point_id) DO NOTHING
            RETURNING code, point_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Code).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Point.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Point.Ts).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Point.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.ReceivedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        var inserted = new HashSet<(string, string)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                if (!reader.IsDBNull(1))
                {
                    inserted.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
        }

        // An id inserted once is claimed by its first occurrence in the batch; later occurrences are duplicates.
        return [.. batch.Select(p => (IReadOnlyList<bool>)[.. p.Points.Select(point => point.Id is null || inserted.Remove((p.Code, point.Id)))])];
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Points} KPI points of {Requests} requests failed; their callers are told")]
    private partial void LogBatchFailed(Exception error, int requests, int points);

    private sealed record Append(string Code, IReadOnlyList<KpiPoint> Points, DateTimeOffset ReceivedAt);
}
