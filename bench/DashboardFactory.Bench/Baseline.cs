using System.Diagnostics;
using Npgsql;

namespace DashboardFactory.Bench;

/// <summary>
/// The database's own single-row write rate: N connections, each committing one single-row INSERT per
/// transaction (autocommit) into a scratch table, as fast as the server acknowledges them.
/// </summary>
public static class Baseline
{
    /// <param name="PostgresCpuSeconds">CPU of the PostgreSQL cluster during the run; negative when unknown.</param>
    public sealed record Result(int Connections, long Rows, double Seconds, double PostgresCpuSeconds)
    {
        public double RowsPerSecond => Rows / Seconds;
    }

    public static async Task<Result> RunAsync(string connectionString, int connections, TimeSpan duration, int payloadBytes)
    {
        var table = $"bench_baseline_{Guid.NewGuid():N}"[..30];
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = "df-bench-baseline",
            MaxPoolSize = Math.Max(connections + 2, 10),
        };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await using (var create = dataSource.CreateCommand($"CREATE TABLE {table} (id bigserial PRIMARY KEY, payload text NOT NULL, at timestamptz NOT NULL DEFAULT now())"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var payload = new string('x', payloadBytes);
        try
        {
            // Open every connection and prepare the statement before the clock starts.
            var opened = new List<NpgsqlConnection>();
            for (var i = 0; i < connections; i++)
            {
                opened.Add(await dataSource.OpenConnectionAsync());
            }

            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stop = 0;
            var counts = new long[connections];
            var stopwatch = new Stopwatch();
            var workers = opened.Select((connection, index) => Task.Run(async () =>
            {
                await using var command = new NpgsqlCommand($"INSERT INTO {table} (payload) VALUES ($1)", connection);
                command.Parameters.Add(new NpgsqlParameter { Value = payload });
                await command.PrepareAsync();
                await start.Task;
                long n = 0;
                while (Volatile.Read(ref stop) == 0)
                {
                    await command.ExecuteNonQueryAsync();
                    n++;
                }

                counts[index] = n;
            })).ToList();

            await Task.Delay(200);
            var cpuBefore = await Counters.PostgresCpuSecondsAsync(dataSource);
            stopwatch.Start();
            start.SetResult();
            await Task.Delay(duration);
            Volatile.Write(ref stop, 1);
            await Task.WhenAll(workers);
            stopwatch.Stop();
            var cpuAfter = await Counters.PostgresCpuSecondsAsync(dataSource);
            foreach (var connection in opened)
            {
                await connection.DisposeAsync();
            }

            await using var count = dataSource.CreateCommand($"SELECT count(*) FROM {table}");
            var rows = (long)(await count.ExecuteScalarAsync())!;
            if (rows != counts.Sum())
            {
                throw new InvalidOperationException($"baseline: {counts.Sum()} inserts acknowledged but {rows} rows in {table}");
            }

            return new Result(connections, rows, stopwatch.Elapsed.TotalSeconds, cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore);
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"DROP TABLE IF EXISTS {table}");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
