using System.Diagnostics;
using System.Text;
using DashboardFactory.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DashboardFactory.IntegrationTests.Cluster;

/// <summary>
/// A `dotnet X.dll` child process with an environment of its own and its stdout/stderr captured, so a
/// test can wait for a line it prints and show what it printed when an assertion fails. Disposing kills
/// the whole process tree; a test must never leave a host behind.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    /// <summary>
    /// Settings a developer's shell or the test runner may carry that would change what a host does; they
    /// are removed from the inherited environment so only what a test passes applies.
    /// </summary>
    private static readonly string[] IsolatedPrefixes =
        ["ConnectionStrings__", "Orleans__", "Auth__", "Demo__", "Logging__", "ASPNETCORE_", "DOTNET_ENVIRONMENT", "URLS", "HTTP_PORTS", "HTTPS_PORTS"];

    private const int MaxKeptLines = 5000;

    // Every host still running, killed when the test process exits normally even if a Dispose was missed.
    private static readonly HashSet<HostProcess> Live = [];

    private readonly Process _process;
    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _droppedLines;

    static HostProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            HostProcess[] live;
            lock (Live)
            {
                live = [.. Live];
            }

            foreach (var host in live)
            {
                host.Kill();
            }
        };
    }

    private HostProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>A label for messages, e.g. "silo-a".</summary>
    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>
    /// Starts `dotnet <paramref name="dll"/> <paramref name="arguments"/>` in the dll's folder (so its
    /// appsettings.json applies). A null value in <paramref name="environment"/> removes that variable.
    /// </summary>
    public static HostProcess Start(
        string name,
        string dll,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var key in info.Environment.Keys.ToList())
        {
            if (IsolatedPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                info.Environment.Remove(key);
            }
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var host = new HostProcess(name, process);
        process.OutputDataReceived += (_, e) => host.OnLine("out", e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine("err", e.Data);
        process.Exited += (_, _) => host.OnExited();
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: could not start dotnet {dll}.");
        }

        lock (Live)
        {
            Live.Add(host);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Everything the process printed so far, one "[out] ..." / "[err] ..." line each.</summary>
    public string Output => Tail(int.MaxValue);

    /// <summary>The last <paramref name="lines"/> lines of <see cref="Output"/>.</summary>
    public string Tail(int lines)
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            var skipped = Math.Max(0, _lines.Count - lines) + _droppedLines;
            if (skipped > 0)
            {
                text.AppendLine($"[... {skipped} earlier lines not shown ...]");
            }

            foreach (var line in _lines.Skip(Math.Max(0, _lines.Count - lines)))
            {
                text.AppendLine(line);
            }

            return text.ToString();
        }
    }

    /// <summary>
    /// Each error the process logged ("fail:" or "crit:" from the console logger) with the lines that follow it (the
    /// message and the exception), for assertion messages that must say why a request failed. With
    /// <paramref name="warnings"/> also each "warn:" with its message line (an API node logs each 503 it answers as one,
    /// naming the exception; Orleans logs a call that timed out as one).
    /// </summary>
    public string Errors(int linesAfter = 12, bool warnings = false)
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            for (var i = 0; i < _lines.Count; i++)
            {
                var line = Untag(_lines[i]);
                var after = line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal) ? linesAfter
                    : warnings && line.StartsWith("warn:", StringComparison.Ordinal) ? 1
                    : -1;
                if (after >= 0)
                {
                    foreach (var kept in _lines.Skip(i).Take(after + 1))
                    {
                        text.AppendLine(kept);
                    }
                }
            }

            return text.Length == 0 ? string.Empty : $"----- {(warnings ? "errors and warnings" : "errors")} logged by {Name} -----{Environment.NewLine}{text}";
        }
    }

    /// <summary>Each line that mentions <paramref name="text"/> with the <paramref name="linesAfter"/> lines after it (an exception's), under a header.</summary>
    public string LinesAbout(string text, int linesAfter = 4)
    {
        lock (_gate)
        {
            var found = new StringBuilder();
            for (var i = 0; i < _lines.Count; i++)
            {
                if (_lines[i].Contains(text, StringComparison.Ordinal))
                {
                    foreach (var kept in _lines.Skip(i).Take(linesAfter + 1))
                    {
                        found.AppendLine(kept);
                    }
                }
            }

            return found.Length == 0 ? string.Empty : $"----- {Name} about {text} -----{Environment.NewLine}{found}";
        }
    }

    /// <summary>The last lines of output with a header, for assertion messages and the test log.</summary>
    public string Describe() => Describe(200);

    public string Describe(int lines)
    {
        var state = HasExited ? $"exited with code {_exited.Task.Result}" : "running";
        return $"----- {Name} (pid {Id}, {state}) -----{Environment.NewLine}{Tail(lines)}";
    }

    /// <summary>
    /// The first line (already printed or still to come, without the [out]/[err] tag) that
    /// <paramref name="match"/> accepts. Fails with the output when the process exits first or the
    /// timeout passes.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var already = _lines.Select(Untag).FirstOrDefault(match);
            if (already is not null)
            {
                return already;
            }

            _waiters.Add((match, found));
        }

        try
        {
            await Eventually.CompletesWithinAsync(Task.WhenAny(found.Task, _exited.Task), timeout);
            if (found.Task.IsCompleted)
            {
                return await found.Task;
            }

            var why = _exited.Task.IsCompleted
                ? $"the process exited with code {await _exited.Task} first"
                : $"it did not appear within {timeout}";
            throw new TimeoutException($"{Name}: waited for {what}, but {why}.{Environment.NewLine}{Describe()}");
        }
        finally
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Found == found);
            }
        }
    }

    /// <summary>The exit code; kills the process and fails when it runs longer than <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        if (!await Eventually.CompletesWithinAsync(_exited.Task, timeout))
        {
            Kill();
            throw new TimeoutException($"{Name}: did not exit within {timeout}; killed it.{Environment.NewLine}{Describe()}");
        }

        return await _exited.Task;
    }

    /// <summary>Kills the process and everything it started, at once (no graceful shutdown).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// SIGTERM, as a service manager or Kubernetes stops a process: the host shuts down gracefully (a silo leaves
    /// the cluster and hands its grains over). Returns the exit code; kills it when it takes longer than
    /// <paramref name="timeout"/>.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!HasExited && SendSignal(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"{Name}: could not send SIGTERM to pid {Id}.");
        }

        return await WaitForExitAsync(timeout);
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>Kills the process tree and waits (bounded) until it is gone.</summary>
    public async Task KillAndWaitAsync(TimeSpan timeout)
    {
        Kill();
        if (!await Eventually.CompletesWithinAsync(_exited.Task, timeout))
        {
            throw new TimeoutException($"{Name}: still running {timeout} after it was killed (pid {Id}).");
        }
    }

    /// <summary>Logs each host's whole output, then kills them all, even when killing one of them fails.</summary>
    public static async Task DisposeAllAsync(IEnumerable<HostProcess> hosts, ITestOutputHelper output)
    {
        var errors = new List<Exception>();
        foreach (var host in hosts)
        {
            try
            {
                output.WriteLine(host.Describe(int.MaxValue));
                await host.DisposeAsync();
            }
            catch (Exception error)
            {
                errors.Add(error);
            }
        }

        if (errors.Count > 0)
        {
            throw new AggregateException("Not every host process could be stopped.", errors);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAndWaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            lock (Live)
            {
                Live.Remove(this);
            }

            _process.Dispose();
        }
    }

    private static string Untag(string line) => line[(line.IndexOf(']') + 2)..];

    private void OnLine(string stream, string? data)
    {
        if (data is null)
        {
            (stream == "out" ? _stdoutClosed : _stderrClosed).TrySetResult();
            return;
        }

        List<TaskCompletionSource<string>> matched = [];
        lock (_gate)
        {
            _lines.Add($"[{stream}] {data}");
            if (_lines.Count > MaxKeptLines)
            {
                _lines.RemoveAt(0);
                _droppedLines++;
            }

            foreach (var waiter in _waiters)
            {
                if (waiter.Match(data))
                {
                    matched.Add(waiter.Found);
                }
            }
        }

        foreach (var found in matched)
        {
            found.TrySetResult(data);
        }
    }

    private async void OnExited()
    {
        // Exited can be raised before the last redirected lines are read: wait (bounded) until both streams
        // reach their end, so the exit is reported only after everything the process printed.
        await Eventually.CompletesWithinAsync(Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task), TimeSpan.FromSeconds(10));

        int code;
        try
        {
            code = _process.ExitCode;
        }
        catch (Exception)
        {
            code = -1; // disposed meanwhile
        }

        lock (Live)
        {
            Live.Remove(this);
        }

        _exited.TrySetResult(code);
    }
}
