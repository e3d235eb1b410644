using System.Globalization;

namespace DashboardFactory.Bench.FanOut;

/// <summary>Command line of <c>DashboardFactory.Bench fanout</c>.</summary>
public sealed class FanOutOptions
{
    public int Clients { get; private set; } = 1000;

    public int Publishes { get; private set; } = 10;

    /// <summary>Publishes before measuring, so JIT and connection warm-up do not count.</summary>
    public int Warmup { get; private set; } = 2;

    public string? ApiDll { get; private set; }

    public double TargetP99Ms { get; private set; } = 50;

    public const string Usage = """
        Usage: DashboardFactory.Bench fanout [options]

        Starts the API (Kestrel, embedded silo) as a child process, connects N real SignalR clients to /hubs/cockpit,
        subscribes them all to one KPI and measures, per client, the time from the stream grain's publish (publishedAt
        in the event) to the client's receipt. A baseline with 1 client runs first in the same process.

          --clients <n>      clients of the fan-out run (default 1000)
          --publishes <n>    measured publishes per run (default 10)
          --warmup <n>       unmeasured publishes per run first (default 2)
          --api-dll <path>   DashboardFactory.Api.dll to run (default: src/Api/bin/Release/net10.0 of this repository)
          --target-p99 <ms>  exit 1 when the fan-out p99 is above this (default 50)
        """;

    public static FanOutOptions Parse(string[] args)
    {
        var options = new FanOutOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            int Int(int min)
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
                    ? n
                    : throw new ArgumentException($"{arg}: '{text}' is not an integer >= {min}");
            }

            switch (arg)
            {
                case "--clients": options.Clients = Int(1); break;
                case "--publishes": options.Publishes = Int(1); break;
                case "--warmup": options.Warmup = Int(0); break;
                case "--api-dll": options.ApiDll = Value(); break;
                case "--target-p99":
                    var text = Value();
                    options.TargetP99Ms = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms > 0
                        ? ms
                        : throw new ArgumentException($"--target-p99: '{text}' is not a positive number");
                    break;
                case "-h" or "--help": throw new BenchOptions.HelpRequested();
                default: throw new ArgumentException($"unknown argument: {arg}");
            }
        }

        return options;
    }
}
