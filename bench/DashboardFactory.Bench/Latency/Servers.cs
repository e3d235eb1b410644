using System.Diagnostics;
using DashboardFactory.Bench.FanOut;

namespace DashboardFactory.Bench.Latency;

/// <summary>
/// The processes one latency run talks to: our API (the embedded default, or two API nodes in client mode on two
/// silos sharing a PostgreSQL cluster) and the bare peer. Every one is a child process, so none shares a thread pool
/// with the bench's clients.
/// </summary>
public sealed class Servers : IAsyncDisposable
{
    private readonly List<Process> _silos = [];
    private readonly List<ApiProcess> _apis = [];

    private Servers()
    {
    }

    public IReadOnlyList<ApiProcess> Apis => _apis;

    public ApiProcess Bare { get; private set; } = null!;

    public int SiloCount => _silos.Count;

    public TimeSpan OursCpu => _apis.Aggregate(TimeSpan.Zero, (sum, a) => sum + a.CpuTime) + _silos.Aggregate(TimeSpan.Zero, (sum, s) => sum + Cpu(s));

    public static async Task<Servers> StartAsync(LatencyOptions options, string apiDll)
    {
        var servers = new Servers();
        try
        {
            var bench = typeof(Servers).Assembly.Location;
            var barePort = ApiProcess.FreePort();
            servers.Bare = await ApiProcess.StartChildAsync("bare", [bench, "bare-hub", "--urls", $"http://127.0.0.1:{barePort}"],
                new Uri($"http://127.0.0.1:{barePort}"), "/ready");
            if (options.ApiNodes == 1)
            {
                servers._apis.Add(await ApiProcess.StartAsync(apiDll));
                return servers;
            }

            var cluster = $"latency-{Guid.NewGuid():N}"[..20];
            // src/Api/bin/Release/net10.0/DashboardFactory.Api.dll -> src/Silo/bin/Release/net10.0/DashboardFactory.Silo.dll
            var src = apiDll;
            for (var up = 0; up < 5; up++)
            {
                src = Path.GetDirectoryName(src)!;
            }

            var siloDll = options.SiloDll ?? Path.Combine(src, "Silo", "bin", "Release", "net10.0", "DashboardFactory.Silo.dll");
            if (!File.Exists(siloDll))
            {
                throw new FileNotFoundException($"no silo at {siloDll}; build src/Silo -c Release or pass --silo-dll");
            }

            var migrate = Silo(siloDll, options.Postgres!, cluster, "migrate");
            await migrate.WaitForExitAsync();
            if (migrate.ExitCode != 0)
            {
                throw new InvalidOperationException($"silo migrate exited with {migrate.ExitCode}");
            }

            for (var i = 0; i < 2; i++)
            {
                servers._silos.Add(Silo(siloDll, options.Postgres!, cluster, null));
            }

            for (var i = 0; i < 2; i++)
            {
                servers._apis.Add(await ApiProcess.StartAsync(apiDll,
                    ["--Orleans:Mode=Client", $"--ConnectionStrings:Postgres={options.Postgres}", $"--Orleans:ClusterId={cluster}", $"--Orleans:ServiceId={cluster}"],
                    $"api{i + 1}"));
            }

            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var api in _apis)
        {
            await api.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            if (!silo.HasExited)
            {
                silo.Kill(entireProcessTree: true);
                await silo.WaitForExitAsync();
            }

            silo.Dispose();
        }

        if (Bare is not null)
        {
            await Bare.DisposeAsync();
        }
    }

    private static TimeSpan Cpu(Process process)
    {
        process.Refresh();
        return process.HasExited ? TimeSpan.Zero : process.TotalProcessorTime;
    }

    private static Process Silo(string siloDll, string postgres, string cluster, string? command)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(siloDll);
        if (command is not null)
        {
            start.ArgumentList.Add(command);
        }

        start.Environment["ConnectionStrings__Postgres"] = postgres;
        start.Environment["Orleans__ClusterId"] = cluster;
        start.Environment["Orleans__ServiceId"] = cluster;
        start.Environment["Orleans__SiloPort"] = ApiProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = ApiProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Orleans__AdvertisedIP"] = "127.0.0.1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var name = command ?? "silo";
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.WriteLine($"  {name}: {line}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.WriteLine($"  {name}! {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
