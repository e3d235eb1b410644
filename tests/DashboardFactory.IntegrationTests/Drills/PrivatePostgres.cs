using System.Diagnostics;
using DashboardFactory.IntegrationTests.Infrastructure;
using Npgsql;

namespace DashboardFactory.IntegrationTests.Drills;

/// <summary>
/// A PostgreSQL server of the drills' own (Debian's binaries, initdb into a temporary directory, a free loopback
/// port), so a drill may stop and restart it without disturbing the suite's shared server. As root the server
/// runs as the postgres OS user, as scripts/throwaway-postgres.sh does it.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dir;

    private PrivatePostgres(string bin, string dir, int port) => (_bin, _dir, Port) = (bin, dir, port);

    public int Port { get; }

    public string Data => Path.Combine(_dir, "data");

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = FindBin();
        var dir = Directory.CreateTempSubdirectory("df-drill-pg.").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        Directory.CreateDirectory(Path.Combine(dir, "sock"));
        var server = new PrivatePostgres(bin, dir, FreePorts.Next());
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:", dir], asPostgres: false);
        }

        await RunAsync(Path.Combine(bin, "initdb"), ["-D", server.Data, "-U", "postgres", "--auth-local=trust", "--auth-host=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        var conf = Path.Combine(server.Data, "postgresql.conf");

        // The drills crash this server (an immediate stop), so a commit it acknowledged must survive a crash of
        // the server process, as in production: synchronous_commit stays on (off acknowledges before the WAL
        // reaches the kernel and loses those commits: the fleet index lost entries that way). fsync and full
        // page writes guard only against an operating-system crash, which no drill does, so they stay off.
        await File.AppendAllTextAsync(conf, $"""

            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{Path.Combine(dir, "sock")}'
            max_connections = 300
            fsync = off
            synchronous_commit = on
            full_page_writes = off
            wal_level = minimal
            max_wal_senders = 0
            log_min_messages = warning

            """);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>pg_ctl start on the same port and data; returns once the server accepts connections.</summary>
    public async Task StartServerAsync()
    {
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Data, "-l", Path.Combine(_dir, "postgres.log"), "-o", $"-p {Port}", "-w", "-t", "60", "start"]);
        await Eventually.SucceedsAsync("PostgreSQL accepts connections after pg_ctl start", TimeSpan.FromSeconds(60), async () =>
        {
            await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
            await connection.OpenAsync();
        });
    }

    /// <summary>An immediate stop: what a crash or a pulled plug looks like to the clients.</summary>
    public Task StopServerAsync() =>
        RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Data, "stop", "-m", "immediate", "-w", "-t", "30"]);

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            if (File.Exists(Path.Combine(Data, "postmaster.pid")))
            {
                await StopServerAsync();
            }
        }
        finally
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBin()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("PG_THROWAWAY_BIN") is { Length: > 0 } exported)
        {
            candidates.Add(exported);
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException("No PostgreSQL server binaries (initdb, pg_ctl): ./test.sh installs Debian's postgresql.");
    }

    /// <summary>Runs a tool to its end (as the postgres OS user when root and asked), failing with its output.</summary>
    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres = true)
    {
        var info = new ProcessStartInfo(asPostgres && IsRoot ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/tmp", // the postgres user may not enter the test's working directory
        };
        if (asPostgres && IsRoot)
        {
            foreach (var part in new[] { "-u", "postgres", "--", file })
            {
                info.ArgumentList.Add(part);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        if (process.ExitCode != 0)
        {
            // pg_ctl's server may hold the pipes open: read what is there, bounded.
            await Eventually.CompletesWithinAsync(Task.WhenAll(stdout, stderr), TimeSpan.FromSeconds(2));
            var output = (stdout.IsCompletedSuccessfully ? stdout.Result : string.Empty) + (stderr.IsCompletedSuccessfully ? stderr.Result : string.Empty);
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {output}");
        }
    }
}
