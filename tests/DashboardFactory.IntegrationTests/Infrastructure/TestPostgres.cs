using Npgsql;

namespace DashboardFactory.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL server the test command started (DF_TEST_POSTGRES). Tests that need it fail, never skip,
/// when it is missing: a green run must mean the database paths were exercised.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "DF_TEST_POSTGRES";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL, " +
                $"or set {Variable} to a connection string of a server where databases may be created.");

    /// <summary>Creates an empty database with a unique name; dispose drops it.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync(string purpose)
    {
        var name = $"df_{purpose}_{Guid.NewGuid():N}"[..Math.Min(63, 4 + purpose.Length + 32)].ToLowerInvariant();
        await using (var server = new NpgsqlConnection(ServerConnectionString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", server);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name };
        return new TestDatabase(name, builder.ConnectionString);
    }

    internal static async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(ServerConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
