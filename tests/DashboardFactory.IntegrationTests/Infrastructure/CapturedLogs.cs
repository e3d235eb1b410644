using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DashboardFactory.IntegrationTests.Infrastructure;

/// <summary>Keeps every formatted log message (with its exception) of a host, and lets a test await one.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    /// <summary>The first line (already logged or still to come) that matches; fails after <paramref name="timeout"/> naming what was awaited.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> match, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        TaskCompletionSource<string> seen;
        lock (_gate)
        {
            if (_lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, seen));
        }

        try
        {
            return await seen.Task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No log line {what} within {limit.TotalSeconds} s.");
        }
    }

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        lock (_gate)
        {
            _lines.Enqueue(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult(line);
            }
        }
    }

    private sealed class Logger(string category, CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Add($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
