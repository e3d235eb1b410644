using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace DashboardFactory.Database;

/// <summary>
/// Applies the scripts of sql/ (embedded in this assembly) that a database does not have yet, in order,
/// each in its own transaction together with its row in schema_migrations, so a run either applies a
/// script completely or not at all. An advisory lock serialises silos that start at the same moment.
/// Applying twice is a no-op; a script changed after it was applied is refused rather than ignored.
/// </summary>
public static class SchemaMigrator
{
    // Any constant works; it only has to be the same for every process that migrates this database.
    private const long AdvisoryLockKey = 0x44465F4D4947; // "DF_MIG"

    private const string CreateHistoryTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    text PRIMARY KEY,
            name       text NOT NULL,
            checksum   text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        """;

    private static readonly Lazy<IReadOnlyList<SchemaMigration>> Embedded = new(LoadEmbedded);

    /// <summary>Every migration the product ships, in the order they apply.</summary>
    public static IReadOnlyList<SchemaMigration> All => Embedded.Value;

    public static async Task<MigrationReport> MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, CreateHistoryTable, cancellationToken);
            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var appliedNow = new List<SchemaMigration>();
            foreach (var migration in All)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Version}_{migration.Name} was changed after it was applied to this database. " +
                            "Add a new migration instead of editing an applied one.");
                    }

                    continue;
                }

                await ApplyAsync(connection, migration, cancellationToken);
                appliedNow.Add(migration);
            }

            return new MigrationReport(appliedNow, All.Count - appliedNow.Count);
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    /// <summary>The versions recorded in schema_migrations, oldest first (empty when the table does not exist).</summary>
    public static async Task<IReadOnlyList<string>> ReadAppliedVersionsAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return [];
        }

        return [.. (await ReadAppliedAsync(connection, cancellationToken)).Keys.Order(StringComparer.Ordinal)];
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, SchemaMigration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var script = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await script.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var record = new NpgsqlCommand(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)",
                connection,
                transaction);
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("checksum", migration.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException error)
        {
            throw new InvalidOperationException($"Migration {migration.Version}_{migration.Name} failed: {error.MessageText}", error);
        }
    }

    private static async Task<Dictionary<string, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var query = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static IReadOnlyList<SchemaMigration> LoadEmbedded()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("sql/", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => Parse(assembly, name))];
    }

    private static SchemaMigration Parse(Assembly assembly, string resourceName)
    {
        var fileName = Path.GetFileNameWithoutExtension(resourceName["sql/".Length..]);
        var separator = fileName.IndexOf('_');
        if (separator <= 0)
        {
            throw new InvalidOperationException($"Migration file '{fileName}.sql' must be named NNNN_name.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sql = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        var checksum = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
        return new SchemaMigration(fileName[..separator], fileName[(separator + 1)..], sql, checksum);
    }
}
