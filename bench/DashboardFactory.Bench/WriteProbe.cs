using System.Diagnostics;
using Npgsql;

namespace DashboardFactory.Bench;

/// <summary>
/// After the rollout: what one grain-state write costs PostgreSQL for each grain type's real payload, by
/// calling the product's orleans_write_to_storage function in a loop on one connection with a payload copied
/// from that type's row (under a throwaway service id, removed afterwards). Separates "many writes" from
/// "large writes" when reading the rollout's counters.
/// </summary>
public static class WriteProbe
{
    public static async Task RunAsync(NpgsqlDataSource db, string serviceId)
    {
        var probeService = $"probe-{serviceId}";
        var samples = new List<(string GrainType, byte[] Payload)>();
        await using (var command = db.CreateCommand("""
            /*df-bench*/ SELECT DISTINCT ON (graintypestring) graintypestring, payloadbinary
            FROM orleansstorage WHERE serviceid = $1 AND payloadbinary IS NOT NULL
              AND graintypestring IN ('cockpit', 'fleetIndex', 'PubSubRendezvousGrain', 'campaign')
            ORDER BY graintypestring, octet_length(payloadbinary) DESC
            """))
        {
            command.Parameters.AddWithValue(serviceId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                samples.Add((reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
            }
        }

        Console.WriteLine("write probe (orleans_write_to_storage in a loop on one connection, each type's largest payload):");
        try
        {
            await using var connection = await db.OpenConnectionAsync();
            foreach (var (grainType, payload) in samples.OrderBy(s => s.Payload.Length))
            {
                var iterations = payload.Length > 500_000 ? 20 : 200;
                int? version = null;
                var cpuBefore = await Counters.PostgresCpuSecondsAsync(db);
                var clock = Stopwatch.StartNew();
                for (var i = 0; i <= iterations; i++)
                {
                    if (i == 1)
                    {
                        // The first call inserts the row; time the updates, which is what a rollout does.
                        cpuBefore = await Counters.PostgresCpuSecondsAsync(db);
                        clock.Restart();
                    }

                    await using var write = new NpgsqlCommand("/*df-bench*/ SELECT orleans_write_to_storage($1, 0, 0, 1, $2, 'probe', $3, $4, $5)", connection);
                    write.Parameters.AddWithValue(grainType.GetHashCode(StringComparison.Ordinal));
                    write.Parameters.AddWithValue(grainType);
                    write.Parameters.AddWithValue(probeService);
                    write.Parameters.Add(new NpgsqlParameter { Value = version is null ? DBNull.Value : version.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
                    write.Parameters.AddWithValue(payload);
                    version = (int)(await write.ExecuteScalarAsync())!;
                }

                clock.Stop();
                var cpu = await Counters.PostgresCpuSecondsAsync(db) - cpuBefore;
                Console.WriteLine($"  {grainType}: {payload.Length:N0} B payload, {clock.Elapsed.TotalMilliseconds / iterations:F2} ms per write" +
                                  (cpu >= 0 ? $", PostgreSQL CPU {1000 * cpu / iterations:F2} ms per write" : ""));
            }
        }
        finally
        {
            await using var cleanup = db.CreateCommand("/*df-bench*/ DELETE FROM orleansstorage WHERE serviceid = $1");
            cleanup.Parameters.AddWithValue(probeService);
            await cleanup.ExecuteNonQueryAsync();
        }
    }
}
