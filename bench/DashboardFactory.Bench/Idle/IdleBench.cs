using System.Globalization;
using DashboardFactory.Bench.FanOut;

namespace DashboardFactory.Bench.Idle;

/// <summary>
/// What an embedded API costs when nobody uses it: CPU per second of wall clock after a warm-up, with no request, no
/// watcher and no KPI. With <c>--peer-dll</c> a second build runs at the same time on the same machine, so the two
/// figures share whatever else the machine is doing and can be compared even on a busy box.
/// </summary>
public static class IdleBench
{
    public const string Usage = """
        Usage: DashboardFactory.Bench idle [--seconds 60] [--warmup 20] [--api-dll <path>] [--peer-dll <path>]

        Starts the API (embedded default, demo data off) and, with --peer-dll, a second build beside it; waits
        --warmup seconds, then prints each process's CPU time per second of wall clock over --seconds.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = 60;
        var warmup = 20;
        string? apiDll = null;
        string? peerDll = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--seconds": seconds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--warmup": warmup = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--api-dll": apiDll = Value(); break;
                    case "--peer-dll": peerDll = Value(); break;
                    case "-h" or "--help": Console.WriteLine(Usage); return 0;
                    default: throw new ArgumentException($"unknown argument: {args[i]}");
                }
            }
            catch (Exception error) when (error is ArgumentException or FormatException or OverflowException)
            {
                Console.Error.WriteLine($"bench idle: {error.Message}");
                Console.Error.WriteLine(Usage);
                return 2;
            }
        }

        var builds = new List<(string Name, string Dll)> { ("api", apiDll ?? ApiProcess.DefaultDll()) };
        if (peerDll is not null)
        {
            builds.Add(("peer", peerDll));
        }

        foreach (var (name, dll) in builds.Where(b => !File.Exists(b.Dll)))
        {
            Console.Error.WriteLine($"bench idle: no {name} build at {dll}");
            return 2;
        }

        var processes = await Task.WhenAll(builds.Select(b => ApiProcess.StartAsync(b.Dll, name: b.Name)));
        try
        {
            Console.WriteLine($"== idle benchmark: {string.Join(", ", builds.Select(b => $"{b.Name} {b.Dll}"))}; {Environment.ProcessorCount} cores, load average {Counters.LoadAverage()}");
            await Task.Delay(TimeSpan.FromSeconds(warmup));
            var before = processes.Select(p => p.CpuTime).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            for (var i = 0; i < processes.Length; i++)
            {
                var cpu = processes[i].CpuTime - before[i];
                Console.WriteLine($"{builds[i].Name}: {cpu.TotalMilliseconds / seconds:F1} ms of CPU per second ({cpu.TotalMilliseconds / seconds / 10:F2}% of one core) over {seconds} s idle");
            }

            Console.WriteLine($"load average at the end {Counters.LoadAverage()}");
            return 0;
        }
        finally
        {
            await Task.WhenAll(processes.Select(p => p.DisposeAsync().AsTask()));
        }
    }
}
