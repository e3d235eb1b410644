using System.Globalization;

namespace DashboardFactory.Bench.Reads;

/// <summary>Command line of <c>DashboardFactory.Bench reads</c>.</summary>
public sealed class ReadsOptions
{
    public int Cockpits { get; private set; } = 1000;

    public int Requests { get; private set; } = 100_000;

    public int Concurrency { get; private set; } = 64;

    /// <summary>Share of requests, in percent, that revalidate the browser's copy (If-None-Match) instead of loading afresh.</summary>
    public int RevalidatePercent { get; private set; } = 90;

    /// <summary>Cockpits changed (PATCH) during the measured run, spread evenly over it.</summary>
    public int Patches { get; private set; } = 20;

    /// <summary>Unmeasured requests of the same mix first, so JIT and connection set-up do not count.</summary>
    public int Warmup { get; private set; } = 5000;

    public int? BaselineRequests { get; private set; }

    public string? ApiDll { get; private set; }

    public double TargetP99Ms { get; private set; } = 5;

    public double TargetHitPercent { get; private set; } = 99;

    public const string Usage = """
        Usage: DashboardFactory.Bench reads [options]

        Starts the API (Kestrel, embedded silo) as a child process, creates cockpits through the HTTP API, and reads
        their pages (GET /cockpits/{id}) as browsers do: most requests revalidate the last ETag seen for the cockpit
        (If-None-Match, 304), the rest load the page (200). A few cockpits change (PATCH) during the run, so some
        revalidations get 200 and a new ETag. The render cache hit ratio is 1 - renders / page reads, with renders
        read from the API's cockpit.renders counter over EventPipe. The baseline is the same mix against /health/live.

          --cockpits <n>              cockpits created (default 1000)
          --requests <n>              measured page reads (default 100000)
          --concurrency <n>           requests in flight (default 64)
          --revalidate-percent <p>    share of requests with If-None-Match, once an ETag is known (default 90)
          --patches <n>               cockpits changed during the measured run (default 20)
          --warmup <n>                unmeasured requests of each kind first (default 5000)
          --baseline-requests <n>     requests to /health/live (default: --requests)
          --api-dll <path>            DashboardFactory.Api.dll to run (default: src/Api/bin/Release/net10.0 of this repository)
          --target-p99 <ms>           exit 1 when the page reads' p99 is above this (default 5)
          --target-hit-percent <p>    exit 1 when the render cache hit ratio is below this (default 99)
        """;

    public static ReadsOptions Parse(string[] args)
    {
        var options = new ReadsOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            int Int(int min, int max = int.MaxValue)
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                    ? n
                    : throw new ArgumentException($"{arg}: '{text}' is not an integer from {min} to {max}");
            }

            double Positive()
            {
                var text = Value();
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0
                    ? x
                    : throw new ArgumentException($"{arg}: '{text}' is not a positive number");
            }

            switch (arg)
            {
                case "--cockpits": options.Cockpits = Int(1, 100_000); break;
                case "--requests": options.Requests = Int(1); break;
                case "--concurrency": options.Concurrency = Int(1, 10_000); break;
                case "--revalidate-percent": options.RevalidatePercent = Int(0, 100); break;
                case "--patches": options.Patches = Int(0); break;
                case "--warmup": options.Warmup = Int(0); break;
                case "--baseline-requests": options.BaselineRequests = Int(0); break;
                case "--api-dll": options.ApiDll = Value(); break;
                case "--target-p99": options.TargetP99Ms = Positive(); break;
                case "--target-hit-percent": options.TargetHitPercent = Positive(); break;
                case "-h" or "--help": throw new BenchOptions.HelpRequested();
                default: throw new ArgumentException($"unknown argument: {arg}");
            }
        }

        return options;
    }
}
