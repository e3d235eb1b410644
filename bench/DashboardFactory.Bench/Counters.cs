using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace DashboardFactory.Bench;

/// <summary>
/// Database and machine counters taken before and after the rollout; their difference says where the time
/// went: transactions and rows per cockpit, grain-state writes per grain type, WAL flushes, CPU of the
/// bench process (silos), of this PostgreSQL cluster and of the whole machine.
/// </summary>
public sealed record Counters(
    DateTimeOffset At,
    IReadOnlyDictionary<string, long> Database,
    IReadOnlyDictionary<string, long> Wal,
    IReadOnlyDictionary<string, (long Inserted, long Updated)> Tables,
    IReadOnlyDictionary<string, long> StateWrites,
    double BenchCpuSeconds,
    double PostgresCpuSeconds,
    IReadOnlyDictionary<string, double> PostgresCpuByKind,
    (double Busy, double Total, double IoWait) Machine)
{
    private static readonly string[] DatabaseColumns =
        ["xact_commit", "xact_rollback", "tup_returned", "tup_fetched", "tup_inserted", "tup_updated", "tup_deleted", "blks_read", "blks_hit", "sessions"];

    private static readonly string[] WalColumns = ["wal_records", "wal_fpi", "wal_bytes", "wal_buffers_full", "wal_write", "wal_sync", "wal_write_time", "wal_sync_time"];

    public static async Task<Counters> CaptureAsync(NpgsqlDataSource db, string serviceId)
    {
        await using var connection = await db.OpenConnectionAsync();
        await Exec(connection, "SELECT pg_stat_clear_snapshot()");

        var database = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            $"SELECT {string.Join(", ", DatabaseColumns.Select(c => $"{c}::bigint"))} FROM pg_stat_database WHERE datname = current_database()", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync())
            {
                for (var i = 0; i < DatabaseColumns.Length; i++)
                {
                    database[DatabaseColumns[i]] = reader.GetInt64(i);
                }
            }
        }

        var wal = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            await using var command = new NpgsqlCommand($"SELECT {string.Join(", ", WalColumns.Select(c => $"{c}::bigint"))} FROM pg_stat_wal", connection);
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                for (var i = 0; i < WalColumns.Length; i++)
                {
                    wal[WalColumns[i]] = reader.GetInt64(i);
                }
            }
        }
        catch (PostgresException)
        {
            // pg_stat_wal is PostgreSQL 14+.
        }

        var tables = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT relname, n_tup_ins, n_tup_upd FROM pg_stat_user_tables", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        // Version is the grain state's ETag and goes up by one per write, so its sum per grain type counts writes.
        var writes = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            "/*df-bench*/ SELECT graintypestring, sum(version)::bigint FROM orleansstorage WHERE serviceid = $1 GROUP BY graintypestring", connection))
        {
            command.Parameters.AddWithValue(serviceId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                writes[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var postgresCpu = await PostgresCpuByKindAsync(connection);
        return new Counters(DateTimeOffset.UtcNow, database, wal, tables, writes,
            Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, postgresCpu?.Values.Sum() ?? -1,
            postgresCpu ?? new Dictionary<string, double>(), MachineCpu());
    }

    /// <summary>Prints what changed from <paramref name="before"/> to this capture.</summary>
    /// <param name="cpuEnd">Where the CPU window ends (the rollout's end), when this capture was taken later.</param>
    public void PrintDelta(Counters before, int cockpits, double seconds, Counters? cpuEnd = null)
    {
        var end = cpuEnd ?? this;
        long D(IReadOnlyDictionary<string, long> now, IReadOnlyDictionary<string, long> then, string key) =>
            now.GetValueOrDefault(key) - then.GetValueOrDefault(key);

        var commits = D(Database, before.Database, "xact_commit");
        Console.WriteLine($"db: {commits:N0} transactions committed ({(double)commits / cockpits:F2} per cockpit, {commits / seconds:N0}/s), " +
                          $"{D(Database, before.Database, "xact_rollback"):N0} rolled back, {D(Database, before.Database, "sessions"):N0} new sessions (backends)");
        Console.WriteLine($"db: rows inserted {D(Database, before.Database, "tup_inserted"):N0}, updated {D(Database, before.Database, "tup_updated"):N0}, " +
                          $"deleted {D(Database, before.Database, "tup_deleted"):N0}, fetched {D(Database, before.Database, "tup_fetched"):N0}; " +
                          $"blocks read {D(Database, before.Database, "blks_read"):N0}, hit {D(Database, before.Database, "blks_hit"):N0}");
        if (Wal.Count > 0)
        {
            var syncs = D(Wal, before.Wal, "wal_sync");
            Console.WriteLine($"wal: {D(Wal, before.Wal, "wal_records"):N0} records, {D(Wal, before.Wal, "wal_bytes") / 1048576.0:F1} MiB " +
                              $"({D(Wal, before.Wal, "wal_fpi"):N0} full-page images), {D(Wal, before.Wal, "wal_write"):N0} writes, {syncs:N0} syncs " +
                              $"({(double)syncs / cockpits:F2} per cockpit, {syncs / seconds:N0}/s), buffers full {D(Wal, before.Wal, "wal_buffers_full"):N0}" +
                              (D(Wal, before.Wal, "wal_sync_time") > 0 ? $"; time in WAL write {D(Wal, before.Wal, "wal_write_time") / 1000.0:F2} s, sync {D(Wal, before.Wal, "wal_sync_time") / 1000.0:F2} s" : ""));
        }

        foreach (var (table, now) in Tables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var then = before.Tables.GetValueOrDefault(table);
            var (ins, upd) = (now.Inserted - then.Inserted, now.Updated - then.Updated);
            if (ins != 0 || upd != 0)
            {
                Console.WriteLine($"table {table}: +{ins:N0} inserted, {upd:N0} updated ({(double)(ins + upd) / cockpits:F2} rows per cockpit)");
            }
        }

        foreach (var (grainType, now) in StateWrites.OrderByDescending(w => w.Value - before.StateWrites.GetValueOrDefault(w.Key)))
        {
            var n = now - before.StateWrites.GetValueOrDefault(grainType);
            if (n != 0)
            {
                Console.WriteLine($"grain state writes {grainType}: {n:N0} ({(double)n / cockpits:F2} per cockpit)");
            }
        }

        var wall = (end.At - before.At).TotalSeconds;
        var benchCpu = end.BenchCpuSeconds - before.BenchCpuSeconds;
        var pgCpu = end.PostgresCpuSeconds < 0 || before.PostgresCpuSeconds < 0 ? -1 : end.PostgresCpuSeconds - before.PostgresCpuSeconds;
        var (busy, total, iowait) = (end.Machine.Busy - before.Machine.Busy, end.Machine.Total - before.Machine.Total, end.Machine.IoWait - before.Machine.IoWait);
        Console.WriteLine($"cpu over {wall:F2} s ({Environment.ProcessorCount} cores): silos+bench {benchCpu:F2} s ({benchCpu / wall:F2} cores), " +
                          (pgCpu >= 0 ? $"this PostgreSQL {pgCpu:F2} s ({pgCpu / wall:F2} cores), " : "") +
                          (total > 0 ? $"machine busy {100 * busy / total:F0}%, iowait {100 * iowait / total:F0}%" : ""));
        Console.WriteLine($"cpu per cockpit: silos+bench {1000 * benchCpu / cockpits:F3} ms" + (pgCpu >= 0 ? $", PostgreSQL {1000 * pgCpu / cockpits:F3} ms" : ""));
        if (pgCpu > 0)
        {
            Console.WriteLine("cpu of PostgreSQL by process: " + string.Join(", ", end.PostgresCpuByKind
                .Select(k => (k.Key, Seconds: k.Value - before.PostgresCpuByKind.GetValueOrDefault(k.Key)))
                .Where(k => k.Seconds > 0.005)
                .OrderByDescending(k => k.Seconds)
                .Select(k => $"{k.Key} {k.Seconds:F2} s")));
        }
    }

    private static async Task Exec(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// CPU seconds of this cluster's postmaster, its live children and its reaped children (-1 when unknown,
    /// e.g. a remote server): found through postmaster.pid in the data directory.
    /// </summary>
    public static async Task<double> PostgresCpuSecondsAsync(NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        return (await PostgresCpuByKindAsync(connection))?.Values.Sum() ?? -1;
    }

    /// <summary>
    /// CPU seconds of this cluster's processes by kind (backends, autovacuum, walwriter, ...; "exited" for
    /// children the postmaster already reaped), or null when unknown (e.g. a remote server). Found through
    /// postmaster.pid in the data directory.
    /// </summary>
    private static async Task<Dictionary<string, double>?> PostgresCpuByKindAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var command = new NpgsqlCommand("/*df-bench*/ SHOW data_directory", connection);
            var dataDirectory = (string)(await command.ExecuteScalarAsync())!;
            var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
            if (!File.Exists(pidFile))
            {
                return null;
            }

            var postmaster = int.Parse(File.ReadLines(pidFile).First().Trim(), CultureInfo.InvariantCulture);
            var kinds = new Dictionary<string, double>(StringComparer.Ordinal);
            void Add(string kind, long ticks) => kinds[kind] = kinds.GetValueOrDefault(kind) + ticks / 100.0; // USER_HZ
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid))
                {
                    continue;
                }

                var stat = ReadStat(pid);
                if (stat is null)
                {
                    continue;
                }

                if (pid == postmaster)
                {
                    Add("postmaster", stat[11] + stat[12]);
                    Add("exited", stat[13] + stat[14]); // cutime, cstime: children already reaped
                }
                else if (stat[1] == postmaster)
                {
                    Add(ProcessKind(pid), stat[11] + stat[12]);
                }
            }

            return kinds;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException or PostgresException)
        {
            return null;
        }
    }

    /// <summary>"backends" for client connections, else the process title PostgreSQL sets ("walwriter", "autovacuum worker", ...).</summary>
    private static string ProcessKind(int pid)
    {
        try
        {
            var title = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            title = title.StartsWith("postgres: ", StringComparison.Ordinal) ? title["postgres: ".Length..] : title;
            return title.Contains('(') && title.Contains(')') ? "backends" : title.Split(' ').Length > 3 ? string.Join(' ', title.Split(' ').Take(2)) : title;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    /// <summary>Fields of /proc/pid/stat after the command name: [0]=state, [1]=ppid, ..., [11]=utime, [12]=stime, [13]=cutime, [14]=cstime.</summary>
    private static long[]? ReadStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return [.. fields.Take(15).Select((f, i) => i == 0 ? 0 : long.Parse(f, CultureInfo.InvariantCulture))];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static (double Busy, double Total, double IoWait) MachineCpu()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            var total = v.Sum();
            var idle = v[3] + v[4];
            return (total - idle, total, v[4]);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException)
        {
            return (0, 0, 0);
        }
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
