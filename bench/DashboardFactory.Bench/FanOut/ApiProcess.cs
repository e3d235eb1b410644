using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DashboardFactory.Bench.FanOut;

/// <summary>The real API (Kestrel + embedded silo, in-memory providers) as a child process on free loopback ports.</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    public const string AdminToken = "bench-admin-token-0123456789abcdef";

    private readonly Process _process;

    private ApiProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Pid => _process.Id;

    /// <summary>The Release build of src/Api in the repository this bench was built from.</summary>
    public static string DefaultDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DashboardFactory.sln")))
            {
                return Path.Combine(dir.FullName, "src", "Api", "bin", "Release", "net10.0", "DashboardFactory.Api.dll");
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "src", "Api", "bin", "Release", "net10.0", "DashboardFactory.Api.dll");
    }

    /// <summary>The API in its embedded default; <paramref name="extraArgs"/> come last and so override the defaults (e.g. client mode).</summary>
    public static Task<ApiProcess> StartAsync(string apiDll, IEnumerable<string>? extraArgs = null, string name = "api")
    {
        var http = FreePort();
        string[] args =
        [
            apiDll, "--urls", $"http://127.0.0.1:{http}", "--Demo:Enabled=false", $"--Auth:AdminToken={AdminToken}",
            $"--Orleans:SiloPort={FreePort()}", $"--Orleans:GatewayPort={FreePort()}", $"--Orleans:ClusterId=fanout-{Guid.NewGuid():N}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",

            // The benches drive many connections with one token, and a driver that writes with a user's token (rather than
            // the admin's, which is never counted) would meet the per-user write limit: limits would measure themselves.
            "--RateLimits:RequestsPerTokenPerMinute=0", "--RateLimits:StreamsPerToken=0", "--RateLimits:WritesPerUserPerMinute=0",
            .. extraArgs ?? [],
        ];
        return StartChildAsync(name, args, new Uri($"http://127.0.0.1:{http}"), "/health/ready");
    }

    /// <summary>Any `dotnet` child that serves HTTP on <paramref name="baseAddress"/>; returns once <paramref name="readyPath"/> answers 200.</summary>
    public static async Task<ApiProcess> StartChildAsync(string name, IReadOnlyList<string> args, Uri baseAddress, string readyPath)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line && !line.StartsWith("Admin token", StringComparison.Ordinal)) Console.WriteLine($"  {name}: {line}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.WriteLine($"  {name}! {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var api = new ApiProcess(process, baseAddress);
        using var client = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(240))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {process.ExitCode} while starting");
            }

            try
            {
                if ((await client.GetAsync(readyPath)).StatusCode == HttpStatusCode.OK)
                {
                    return api;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await api.DisposeAsync();
        throw new TimeoutException($"{name} did not become ready within 240 s (silos still starting on a busy machine?)");
    }

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
