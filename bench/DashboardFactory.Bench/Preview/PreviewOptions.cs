using System.Globalization;

namespace DashboardFactory.Bench.Preview;

/// <summary>Command line of the preview benchmark (<c>--preview</c>).</summary>
internal sealed class PreviewBenchOptions
{
    public string Postgres { get; private set; } = "";

    public int Cockpits { get; private set; } = 10_000;

    public int Silos { get; private set; } = 1;

    /// <summary>Widgets every cockpit starts with; the previewed release upgrades the first of them.</summary>
    public int Widgets { get; private set; } = 5;

    public int ConflictPercent { get; private set; } = 10;

    public int SafeOnlyPercent { get; private set; } = 5;

    public int Runs { get; private set; } = 3;

    public bool Cold { get; private set; }

    /// <summary>Cold previews after the warm ones, each after deactivating every grain (with --cold).</summary>
    public int ColdRuns { get; private set; } = 1;

    public bool ThenRollout { get; private set; }

    public double TargetSeconds { get; private set; } = 3;

    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    public const string Usage = """
        Usage: DashboardFactory.Bench --preview --postgres "<npgsql connection string>" [options]
               bench/run-rollout.sh --preview [options]

        Seeds a fleet on PostgreSQL storage (in-process silos): every cockpit has --widgets factory widgets, some
        operators edited the first one's title, some cockpits accept only SAFE changes. Then previews a REVIEWED
        upgrade of that widget against the whole fleet (ReleasePreviews.PreviewAsync, the code behind
        GET /api/features/{id}/releases/{version}/preview) and prints how long it took.

          --postgres <conn>            database to use (required); the silos migrate it
          --cockpits <n>               fleet size (default 10000)
          --silos <n>                  in-process silos (default 1)
          --widgets <n>                factory widgets per cockpit (default 5)
          --conflict-percent <p>       cockpits whose operator edited the upgraded widget's title (default 10)
          --safe-only-percent <p>      cockpits whose policy stops at SAFE, so the preview skips them (default 5)
          --runs <n>                   previews of the warm fleet (default 3)
          --cold                       then deactivate every grain and preview once more (each cockpit is read from PostgreSQL);
                                       prints the silos' and PostgreSQL's CPU and the statements run
          --cold-runs <n>              cold previews, each after deactivating every grain (default 1; implies --cold)
          --then-rollout               then roll the release out and check the campaign's counts equal the preview's
          --target-seconds <s>         exit 1 when the best warm preview, or the best cold one, takes longer (default 3)
          --<Section>:<Key>=<value>    extra silo configuration, e.g. --Previews:ConcurrencyPerShard=32
          -h, --help                   this text
        """;

    public static PreviewBenchOptions Parse(string[] args)
    {
        var options = new PreviewBenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            int Int(int min, int max = int.MaxValue) =>
                int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                    ? n
                    : throw new ArgumentException($"{arg}: an integer from {min} to {max}");
            switch (arg)
            {
                case "--preview": break;
                case "--postgres": options.Postgres = Value(); break;
                case "--cockpits": options.Cockpits = Int(1); break;
                case "--silos": options.Silos = Int(1, 8); break;
                case "--widgets": options.Widgets = Int(1, 50); break;
                case "--conflict-percent": options.ConflictPercent = Int(0, 100); break;
                case "--safe-only-percent": options.SafeOnlyPercent = Int(0, 100); break;
                case "--runs": options.Runs = Int(1, 100); break;
                case "--cold": options.Cold = true; break;
                case "--cold-runs": options.ColdRuns = Int(1, 20); options.Cold = true; break;
                case "--then-rollout": options.ThenRollout = true; break;
                case "--target-seconds":
                    options.TargetSeconds = double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
                        ? s
                        : throw new ArgumentException($"{arg}: a positive number");
                    break;
                case "-h" or "--help": throw new BenchOptions.HelpRequested();
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains(':') && arg.Contains('='))
                    {
                        options.Settings[arg[2..arg.IndexOf('=')]] = arg[(arg.IndexOf('=') + 1)..];
                        break;
                    }

                    throw new ArgumentException($"unknown argument: {arg}");
            }
        }

        return string.IsNullOrWhiteSpace(options.Postgres) ? throw new ArgumentException("--postgres is required") : options;
    }
}
