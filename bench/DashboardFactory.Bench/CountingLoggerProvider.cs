using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DashboardFactory.Bench;

/// <summary>
/// Counts the silos' warnings and errors by category and event, printing only the first few of each kind,
/// so a problem that repeats for thousands of cockpits shows up as one line and a count, not a flood.
/// </summary>
public sealed class CountingLoggerProvider(int printPerKind = 2) : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) => new CountingLogger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Counts of the kinds seen, most frequent first.</summary>
    public IReadOnlyList<(string Kind, int Count)> Summary() =>
        [.. _counts.OrderByDescending(c => c.Value).Select(c => (c.Key, c.Value))];

    private void Record(string category, LogLevel level, EventId eventId, string message, Exception? exception)
    {
        var kind = $"{level} {category}[{eventId.Id}]";
        var n = _counts.AddOrUpdate(kind, 1, (_, c) => c + 1);
        if (n <= printPerKind)
        {
            var error = exception is null ? "" : $" | {exception.GetType().Name}: {FirstLine(exception.Message)}" +
                (exception.InnerException is { } inner ? $" <- {inner.GetType().Name}: {FirstLine(inner.Message)}" : "");
            Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {kind}: {FirstLine(message)}{error}" + (n == printPerKind ? " (further ones only counted)" : ""));
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    private sealed class CountingLogger(CountingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Record(category, logLevel, eventId, formatter(state, exception), exception);
            }
        }
    }
}
