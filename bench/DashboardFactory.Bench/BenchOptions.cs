using System.Globalization;

namespace DashboardFactory.Bench;

/// <summary>Command line of the rollout benchmark.</summary>
public sealed class BenchOptions
{
    public string Postgres { get; private set; } = "";

    public int Cockpits { get; private set; } = 10_000;

    public int Silos { get; private set; } = 1;

    /// <summary>Concurrent CreateAsync calls while seeding.</summary>
    public int SeedConcurrency { get; private set; } = 256;

    public double BaselineSeconds { get; private set; } = 5;

    public IReadOnlyList<int> BaselineConnections { get; private set; } = [16, 2];

    /// <summary>Bytes of text in each baseline row.</summary>
    public int BaselinePayload { get; private set; } = 512;

    public bool SkipBaseline { get; private set; }

    /// <summary>Deactivate every grain after seeding, so the rollout also pays for activating (reading) each cockpit.</summary>
    public bool Cold { get; private set; }

    /// <summary>After the rollout, roll the feature back on every cockpit and time that too (the mass-rollback benchmark).</summary>
    public bool Rollback { get; private set; }

    public TimeSpan RolloutTimeout { get; private set; } = TimeSpan.FromMinutes(5);

    public bool Verbose { get; private set; }

    /// <summary>Browsers watching cockpits during the rollout: an API node in client mode with this many SignalR clients, one cockpit each.</summary>
    public int Watch { get; private set; }

    public string? ApiDll { get; private set; }

    /// <summary>The watchers' p99 target, from the cockpit's state write to the browser's receipt of cockpitUpdated.</summary>
    public double WatchTargetP99Ms { get; private set; } = 50;

    /// <summary>Whether each watched cockpit is changed once, and its update awaited, before the rollout.</summary>
    public bool WatchWarmUp { get; private set; } = true;

    /// <summary>Extra configuration for the silos, from <c>--Section:Key=value</c> (e.g. <c>--Campaigns:Window=4000</c>).</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    public const string Usage = """
        Usage: DashboardFactory.Bench --postgres "<npgsql connection string>" [options]

        Rolls one feature release out to a fleet of cockpits on PostgreSQL storage with in-process silos and
        prints the rate, next to the database's single-row INSERT rate measured in the same run.

          --postgres <conn>            database to use (required); the silos migrate it
          --cockpits <n>               fleet size (default 10000)
          --silos <1|2>                in-process silos (default 1)
          --seed-concurrency <n>       concurrent cockpit creations while seeding (default 256)
          --baseline-seconds <s>       duration of each baseline run (default 5)
          --baseline-connections <l>   comma-separated connection counts (default 16,2)
          --baseline-payload <bytes>   text per baseline row (default 512)
          --skip-baseline              no baseline (no ratio either)
          --cold                       deactivate all grains after seeding (rollout then activates each cockpit)
          --rollback                   then roll the feature back on every cockpit (revert mode) and time it
          --timeout <s>                give up on the rollout after this long (default 300)
          --verbose                    Orleans logs at Information
          --watch <n>                  also start the API (client mode, a child process) and n SignalR clients, each
                                       watching one cockpit spread over the fleet (JoinCockpit), and print the latency
                                       from each watched cockpit's publishedAt (set once its state is written) to the
                                       client's receipt of cockpitUpdated, and from its updatedAt (set just before the
                                       write); exit 1 when the first's p99 is above --watch-target-p99 (50 ms)
          --watch-target-p99 <ms>      see --watch
          --no-watch-warm-up           with --watch, measure from cold: no warm-up round (each watched cockpit
                                       renamed once, its update awaited) before the rollout
          --api-dll <path>             DashboardFactory.Api.dll for --watch (default: src/Api/bin/Release/net10.0)
          --<Section>:<Key>=<value>    extra silo configuration, e.g. --Campaigns:Window=4000
          -h, --help                   this text

        Exit status: 0 when every cockpit was applied, 1 when the rollout did not complete, 2 on bad usage.
        """;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"{arg} needs a value");
                }

                return args[++i];
            }

            int Int(int min)
            {
                var text = Value();
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min)
                {
                    throw new ArgumentException($"{arg}: '{text}' is not an integer >= {min}");
                }

                return n;
            }

            double Double()
            {
                var text = Value();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d <= 0)
                {
                    throw new ArgumentException($"{arg}: '{text}' is not a positive number");
                }

                return d;
            }

            switch (arg)
            {
                case "--postgres": options.Postgres = Value(); break;
                case "--cockpits": options.Cockpits = Int(1); break;
                case "--silos": options.Silos = Int(1); break;
                case "--seed-concurrency": options.SeedConcurrency = Int(1); break;
                case "--baseline-seconds": options.BaselineSeconds = Double(); break;
                case "--baseline-connections":
                    options.BaselineConnections = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                            ? n
                            : throw new ArgumentException($"--baseline-connections: '{s}' is not a positive integer"))];
                    break;
                case "--baseline-payload": options.BaselinePayload = Int(0); break;
                case "--skip-baseline": options.SkipBaseline = true; break;
                case "--cold": options.Cold = true; break;
                case "--rollback": options.Rollback = true; break;
                case "--timeout": options.RolloutTimeout = TimeSpan.FromSeconds(Double()); break;
                case "--verbose": options.Verbose = true; break;
                case "--watch": options.Watch = Int(1); break;
                case "--watch-target-p99": options.WatchTargetP99Ms = Double(); break;
                case "--no-watch-warm-up": options.WatchWarmUp = false; break;
                case "--api-dll": options.ApiDll = Value(); break;
                case "-h" or "--help": throw new HelpRequested();
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains(':') && arg.Contains('='))
                    {
                        var eq = arg.IndexOf('=');
                        options.Settings[arg[2..eq]] = arg[(eq + 1)..];
                        break;
                    }

                    throw new ArgumentException($"unknown argument: {arg}");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Postgres))
        {
            throw new ArgumentException("--postgres is required");
        }

        if (options.Silos > 8)
        {
            throw new ArgumentException("--silos: at most 8");
        }

        return options;
    }

    public sealed class HelpRequested : Exception;
}
