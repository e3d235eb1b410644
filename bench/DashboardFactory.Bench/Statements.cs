using Npgsql;

namespace DashboardFactory.Bench;

/// <summary>
/// Per-statement counts from pg_stat_statements when the server preloads it (bench/run-rollout.sh does):
/// which statements the rollout sent, how often, and how long the server spent on them.
/// </summary>
public static class Statements
{
    /// <summary>Creates the extension and resets its counters; false when the server does not preload it.</summary>
    public static async Task<bool> ResetAsync(NpgsqlDataSource db)
    {
        try
        {
            await using var create = db.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            await create.ExecuteNonQueryAsync();
            await using var reset = db.CreateCommand("SELECT pg_stat_statements_reset()");
            await reset.ExecuteNonQueryAsync();
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    /// <summary>Prints the busiest statements and returns the statements sent per cockpit (round trips).</summary>
    public static async Task<double> PrintAsync(NpgsqlDataSource db, int cockpits, int top = 12)
    {
        // The bench's own counter queries are left out; DISCARD ALL is Npgsql's reset of a pooled connection,
        // which it sends together with the next statement (no round trip of its own, but a transaction).
        await using var command = db.CreateCommand("""
            SELECT s.calls, s.total_exec_time, s.rows, regexp_replace(s.query, '\s+', ' ', 'g')
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = current_database() AND s.query NOT ILIKE '%pg_stat%' AND s.query NOT ILIKE '%/*df-bench*/%'
            ORDER BY s.calls DESC
            """);
        await using var reader = await command.ExecuteReaderAsync();
        Console.WriteLine($"statements (pg_stat_statements, top {top} by calls during the rollout):");
        long roundTrips = 0;
        var shown = 0;
        while (await reader.ReadAsync())
        {
            var (calls, ms, rows, query) = (reader.GetInt64(0), reader.GetDouble(1), reader.GetInt64(2), reader.GetString(3));
            if (!query.StartsWith("DISCARD ALL", StringComparison.OrdinalIgnoreCase))
            {
                roundTrips += calls;
            }

            if (shown++ < top)
            {
                Console.WriteLine($"  {calls,8:N0} calls ({(double)calls / cockpits,5:F2}/cockpit) {ms / 1000,7:F2} s server time {rows,8:N0} rows  {(query.Length > 110 ? query[..110] + "…" : query)}");
            }
        }

        var perCockpit = (double)roundTrips / cockpits;
        Console.WriteLine($"db round trips: {roundTrips:N0} statements = {perCockpit:F2} per cockpit (without DISCARD ALL)");
        return perCockpit;
    }
}
