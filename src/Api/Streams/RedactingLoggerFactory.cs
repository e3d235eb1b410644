namespace DashboardFactory.Api.Streams;

/// <summary>
/// The node's logger factory, with every logger wrapped in <see cref="RedactingLogger"/>: tokens and tickets in
/// query strings never reach a log provider (console, test capture, OpenTelemetry), whatever the log level.
/// </summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}
