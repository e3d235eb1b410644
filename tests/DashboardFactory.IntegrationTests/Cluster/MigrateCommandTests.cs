using DashboardFactory.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DashboardFactory.IntegrationTests.Cluster;

/// <summary>`dotnet DashboardFactory.Silo.dll migrate`, run as an operator would.</summary>
public sealed class MigrateCommandTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    private readonly List<HostProcess> _hosts = [];
    private TestDatabase? _database;

    /// <summary>The migrations the product ships: the files of sql/, e.g. "0002_orleans_clustering".</summary>
    private static IReadOnlyList<string> ShippedMigrations =>
        [.. Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "sql"), "*.sql")
            .Select(Path.GetFileNameWithoutExtension)
            .Select(name => name!)
            .Order(StringComparer.Ordinal)];

    [Fact]
    public async Task MigrateAppliesEveryMigrationOnceAndASecondRunAppliesNothing()
    {
        _database = await TestPostgres.CreateDatabaseAsync("migrate");
        var shipped = ShippedMigrations;
        shipped.Should().NotBeEmpty("sql/ holds the schema");

        var first = await RunSiloAsync("migrate-1", ["migrate"], _database.ConnectionString);

        first.ExitCode.Should().Be(0, first.Describe);
        first.Stdout.Where(l => l.StartsWith("applied ", StringComparison.Ordinal))
            .Should().Equal(shipped.Select(m => $"applied {m}"), "a fresh database gets every file of sql/, in order (one missing means the silo was built before it was added: build the solution). " + first.Describe);
        first.Stdout.Should().Contain($"{shipped.Count} applied, 0 already present", first.Describe);
        var history = await HistoryAsync();
        history.Select(row => row.Version).Should().Equal(shipped.Select(m => m[..m.IndexOf('_')]));

        var second = await RunSiloAsync("migrate-2", ["migrate"], _database.ConnectionString);

        second.ExitCode.Should().Be(0, second.Describe);
        second.Stdout.Should().NotContain(l => l.StartsWith("applied ", StringComparison.Ordinal), "everything was applied already. " + second.Describe);
        second.Stdout.Should().Contain($"0 applied, {shipped.Count} already present", second.Describe);
        (await _database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations")).Should().Be(shipped.Count);
        (await HistoryAsync()).Should().Equal(history, "a second run must not re-record (or re-apply) any migration");
    }

    [Theory]
    [InlineData("run")]
    [InlineData("migrate")]
    public async Task WithoutAConnectionStringTheSiloExitsWithCode2AndNamesTheSetting(string command)
    {
        string[] arguments = command == "migrate" ? ["migrate"] : [];

        var run = await RunSiloAsync($"silo-{command}-no-db", arguments, connectionString: null);

        run.ExitCode.Should().Be(2, run.Describe);
        run.Stderr.Should().Contain(l => l.Contains("ConnectionStrings:Postgres", StringComparison.Ordinal), run.Describe);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            await HostProcess.DisposeAllAsync(_hosts, output);
        }
        finally
        {
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
    }

    private async Task<Run> RunSiloAsync(string name, string[] arguments, string? connectionString)
    {
        var host = HostProcess.Start(name, RepositoryPaths.SiloDll, arguments, new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = connectionString,
            ["DOTNET_ENVIRONMENT"] = "Production",
            // Should the command ever start a silo instead of exiting, keep it off the default ports.
            ["Orleans__SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePorts.Next().ToString(),
        });
        _hosts.Add(host);
        var code = await host.WaitForExitAsync(RunTimeout);
        var lines = host.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        return new Run(
            code,
            [.. lines.Where(l => l.StartsWith("[out] ", StringComparison.Ordinal)).Select(l => l[6..])],
            [.. lines.Where(l => l.StartsWith("[err] ", StringComparison.Ordinal)).Select(l => l[6..])],
            host.Describe());
    }

    private async Task<List<(string Version, string Name, string Checksum, DateTime AppliedAt)>> HistoryAsync()
    {
        var rows = await _database!.RowsAsync("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version");
        return [.. rows.Select(r => ((string)r[0]!, (string)r[1]!, (string)r[2]!, (DateTime)r[3]!))];
    }

    private sealed record Run(int ExitCode, string[] Stdout, string[] Stderr, string Describe);
}
