namespace DashboardFactory.Api.Streams;

/// <summary>
/// Masks ?access_token= and ?ticket= values in a log entry: in the formatted message, and in the structured values
/// providers that keep fields read (e.g. the "QueryString" of ASP.NET Core's "Request starting"). Entries without
/// such text pass through unchanged.
/// </summary>
public sealed class RedactingLogger(ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        if (state is IReadOnlyList<KeyValuePair<string, object?>> fields && fields.Any(f => f.Value is string s && QuerySecrets.Contains(s)))
        {
            var redacted = new RedactedState(
                [.. fields.Select(f => f.Value is string s && f.Key != "{OriginalFormat}" ? KeyValuePair.Create(f.Key, (object?)QuerySecrets.Redact(s)) : f)],
                QuerySecrets.Redact(formatter(state, exception)));
            inner.Log(logLevel, eventId, redacted, exception, static (s, _) => s.Message);
            return;
        }

        inner.Log(logLevel, eventId, state, exception, (s, e) => QuerySecrets.Redact(formatter(s, e)));
    }

    private sealed class RedactedState(IReadOnlyList<KeyValuePair<string, object?>> fields, string message) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;

        public int Count => fields.Count;

        public KeyValuePair<string, object?> this[int index] => fields[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => fields.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }
}
