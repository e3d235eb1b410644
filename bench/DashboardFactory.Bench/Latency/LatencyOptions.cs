using System.Globalization;

namespace DashboardFactory.Bench.Latency;

/// <summary>Command line of <c>DashboardFactory.Bench latency</c>.</summary>
public sealed class LatencyOptions
{
    public IReadOnlyList<int> Clients { get; private set; } = [1, 100, 1000];

    /// <summary>Measured points per side, per client count, transport and protocol.</summary>
    public int Points { get; private set; } = 100;

    public int Warmup { get; private set; } = 10;

    public double Rate { get; private set; } = 10;

    /// <summary>Points per side before the other side takes its turn.</summary>
    public int Block { get; private set; } = 10;

    public IReadOnlyList<string> Protocols { get; private set; } = ["messagepack", "json"];

    public bool Sse { get; private set; } = true;

    /// <summary>Read our API node's own histogram of stream-grain publish -> node receipt during each measured run.</summary>
    public bool NodeDelays { get; private set; }

    /// <summary>Print each measured run's N slowest points of the first client (0: none).</summary>
    public int Slowest { get; private set; }

    /// <summary>Also measure N GraphQL subscriptions (graphql-transport-ws), ours only: the bare peer has no GraphQL.</summary>
    public bool GraphQL { get; private set; } = true;

    public int ApiNodes { get; private set; } = 1;

    public string? Postgres { get; private set; }

    public string? ApiDll { get; private set; }

    public string? SiloDll { get; private set; }

    public double TargetOneClientP99Ms { get; private set; } = 20;

    public double TargetP99Ms { get; private set; } = 100;

    public double TargetRatio { get; private set; } = 1.25;

    public const string Usage = """
        Usage: DashboardFactory.Bench latency [options]

        End-to-end push latency: points posted through the HTTP API (POST /api/kpis/{code}/points) at a steady rate,
        measured from the moment each POST is sent to each watching client's receipt, for N real SignalR clients (JSON
        and MessagePack), N SSE streams and N GraphQL subscriptions. The peer in the same run is a bare ASP.NET Core SignalR hub and SSE endpoint
        (no Orleans, no relay, its own child process) that sends a payload of the same shape to the same number of
        clients on each POST; the two servers take turns in blocks so both see the same machine. Prints p50/p99/max per
        run and our p99 / the bare p99 (GraphQL has no bare peer: its rows are ours alone).

          --clients <n,n,...>     client counts (default 1,100,1000)
          --points <n>            measured points per side and run (default 100)
          --warmup <n>            unmeasured points per side and run first (default 10)
          --rate <n>              points per second (default 10)
          --block <n>             points per side per turn (default 10)
          --protocols <p,...>     messagepack, json (default both, MessagePack first: the targets apply to the
                                  first, and the cockpit page speaks MessagePack)
          --no-sse                no SSE streams
          --no-graphql            no GraphQL subscriptions
          --node-delays           also read our (first) API node's dashboard_factory.kpi_values.delay histogram over
                                  EventPipe during each measured run: the share of the way before the node
          --slowest <n>           print each run's n slowest points of the first client per side, with the
                                  predecessor's latency and the time since its receipt (default 0: none)
          --api-nodes <1|2>       1: the API's embedded default (in-memory); 2: two API nodes in client mode on two
                                  silos, clients split across them, points posted to both in turn (needs --postgres)
          --postgres <conn>       PostgreSQL for --api-nodes 2 (bench/run-latency.sh brings a throwaway one)
          --api-dll <path>        DashboardFactory.Api.dll (default: src/Api/bin/Release/net10.0 of this repository)
          --silo-dll <path>       DashboardFactory.Silo.dll (default: src/Silo/bin/Release/net10.0)
          --target-p99-1 <ms>     1 client, our SignalR p99 target (first protocol) (default 20)
          --target-p99 <ms>       largest client count, our SignalR p99 target (first protocol) (default 100)
          --target-ratio <r>      our p99 / bare p99 target, SignalR (first protocol) at the largest count (default 1.25)
        Exits 1 when a target is missed or a client lost a point.
        """;

    public static LatencyOptions Parse(string[] args)
    {
        var options = new LatencyOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            int Int(string text, int min) =>
                int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
                    ? n
                    : throw new ArgumentException($"{arg}: '{text}' is not an integer >= {min}");
            double Positive()
            {
                var text = Value();
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0
                    ? d
                    : throw new ArgumentException($"{arg}: '{text}' is not a positive number");
            }

            switch (arg)
            {
                case "--clients": options.Clients = [.. Value().Split(',').Select(c => Int(c, 1))]; break;
                case "--points": options.Points = Int(Value(), 1); break;
                case "--warmup": options.Warmup = Int(Value(), 0); break;
                case "--rate": options.Rate = Positive(); break;
                case "--block": options.Block = Int(Value(), 1); break;
                case "--protocols":
                    options.Protocols = [.. Value().Split(',')];
                    if (options.Protocols.Any(p => p is not ("json" or "messagepack")))
                    {
                        throw new ArgumentException("--protocols: json and/or messagepack");
                    }

                    break;
                case "--no-sse": options.Sse = false; break;
                case "--no-graphql": options.GraphQL = false; break;
                case "--node-delays": options.NodeDelays = true; break;
                case "--slowest": options.Slowest = Int(Value(), 0); break;
                case "--api-nodes": options.ApiNodes = Int(Value(), 1) is var n and <= 2 ? n : throw new ArgumentException("--api-nodes: 1 or 2"); break;
                case "--postgres": options.Postgres = Value(); break;
                case "--api-dll": options.ApiDll = Value(); break;
                case "--silo-dll": options.SiloDll = Value(); break;
                case "--target-p99-1": options.TargetOneClientP99Ms = Positive(); break;
                case "--target-p99": options.TargetP99Ms = Positive(); break;
                case "--target-ratio": options.TargetRatio = Positive(); break;
                case "-h" or "--help": throw new BenchOptions.HelpRequested();
                default: throw new ArgumentException($"unknown argument: {arg}");
            }
        }

        if (options.ApiNodes == 2 && string.IsNullOrWhiteSpace(options.Postgres))
        {
            throw new ArgumentException("--api-nodes 2 needs --postgres (bench/run-latency.sh starts a throwaway PostgreSQL)");
        }

        return options;
    }
}
