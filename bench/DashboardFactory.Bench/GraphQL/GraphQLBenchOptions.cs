using System.Globalization;

namespace DashboardFactory.Bench.GraphQL;

/// <summary>Command line of <c>DashboardFactory.Bench graphql</c>.</summary>
public sealed class GraphQLBenchOptions
{
    /// <summary>Clients per transport: this many SignalR clients and this many GraphQL clients.</summary>
    public int Clients { get; private set; } = 100;

    public int Publishes { get; private set; } = 20;

    public int Warmup { get; private set; } = 3;

    public string? ApiDll { get; private set; }

    /// <summary>How far GraphQL's p99 may be above SignalR's.</summary>
    public double MaxP99GapMs { get; private set; } = 10;

    public const string Usage = """
        Usage: DashboardFactory.Bench graphql [options]

        Starts the API (Kestrel, embedded silo) as a child process and subscribes N SignalR clients (/hubs/cockpit,
        SubscribeKpi) and N GraphQL clients (graphql-transport-ws at /graphql, subscription kpiValue) to the same KPI.
        Each publish reaches both kinds in the same run; per client it measures the time from the stream grain's
        publish (publishedAt in the event) to receipt, and compares the two transports' percentiles.

          --clients <n>       clients per transport (default 100)
          --publishes <n>     measured publishes (default 20)
          --warmup <n>        unmeasured publishes first (default 3)
          --api-dll <path>    DashboardFactory.Api.dll to run (default: src/Api/bin/Release/net10.0 of this repository)
          --max-p99-gap <ms>  exit 1 when GraphQL's p99 is more than this above SignalR's (default 10)
        """;

    public static GraphQLBenchOptions Parse(string[] args)
    {
        var options = new GraphQLBenchOptions();
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
                case "--max-p99-gap":
                    var text = Value();
                    options.MaxP99GapMs = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0
                        ? ms
                        : throw new ArgumentException($"--max-p99-gap: '{text}' is not a number >= 0");
                    break;
                case "-h" or "--help": throw new BenchOptions.HelpRequested();
                default: throw new ArgumentException($"unknown argument: {arg}");
            }
        }

        return options;
    }
}
