using System.Text;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// One generated HTTP request: the operation it aims at, what is hostile about it, and everything needed to send it
/// again. <see cref="Number"/> and the suite's seed identify it: <c>DF_HOSTILE_CASE=n</c> runs that case alone.
/// <see cref="Scope"/> are the route values the state dump reads around it (its entity, and the id a create names).
/// </summary>
public sealed record HostileCase(
    int Number,
    string Operation,
    string Kind,
    string Method,
    string Url,
    string Caller,
    BodyVariant? Body,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    IReadOnlyDictionary<string, string> Scope)
{
    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";

    /// <summary>A curl command line that sends the same request to a local server (tokens as shell variables).</summary>
    public string ToCurl()
    {
        var line = new StringBuilder($"curl -sS -i -X {Method} {Quote("http://localhost:5000" + Url)}");
        if (Caller != "none")
        {
            line.Append(" -H ").Append(Quote("Authorization: Bearer ") + (Caller == "admin" ? "\"$ADMIN_TOKEN\"" : Caller == "owner" ? "\"$OWNER_TOKEN\"" : Quote(Caller)));
        }

        foreach (var (name, value) in Headers)
        {
            line.Append(" -H ").Append(Quote($"{name}: {value}"));
        }

        if (Body is { } body)
        {
            if (body.ContentType is not null)
            {
                line.Append(" -H ").Append(Quote("Content-Type: " + body.ContentType));
            }

            if (body.Chunked)
            {
                line.Append(" -H 'Transfer-Encoding: chunked'");
            }

            if (body.Body is { } bytes)
            {
                line.Append(" --data-binary ").Append(bytes.Length <= 1500 ? Quote(bytes) : $"@hz-{Number}.body  # {bytes.Length:N0} bytes starting {Quote(bytes[..120])}; DF_HOSTILE_CASE={Number} sends it exactly");
            }
        }

        return line.ToString();
    }

    public override string ToString() => $"#{Number} {Operation} [{Kind}] as {Caller}";

    /// <summary>Single quotes for printable ASCII, bash's $'...' with \xHH escapes for anything else.</summary>
    private static string Quote(string text) => Quote(Encoding.UTF8.GetBytes(text));

    private static string Quote(byte[] bytes)
    {
        if (bytes.All(b => b is >= 0x20 and < 0x7F))
        {
            return "'" + Encoding.ASCII.GetString(bytes).Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        }

        var escaped = new StringBuilder("$'");
        foreach (var b in bytes)
        {
            escaped.Append(b switch
            {
                (byte)'\'' => "\\'",
                (byte)'\\' => "\\\\",
                >= 0x20 and < 0x7F => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }

        return escaped.Append('\'').ToString();
    }
}
