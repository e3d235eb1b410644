using System.Text;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>
/// Reads a text/event-stream as the WHATWG parser does: lines up to a blank line make one block; "field: value"
/// lines fill it, lines starting with ':' are comments. Each block comes back whole, comments included.
/// </summary>
public sealed class SseReader(Stream body) : IDisposable
{
    private readonly StreamReader _reader = new(body, Encoding.UTF8);

    public async Task<SseBlock> NextAsync(TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var fields = new List<KeyValuePair<string, string>>();
        var comments = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(limit.Token)
                ?? throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0)
            {
                if (fields.Count > 0 || comments.Count > 0)
                {
                    return new SseBlock(fields, comments);
                }

                continue;
            }

            if (line[0] == ':')
            {
                comments.Add(line[1..].TrimStart());
                continue;
            }

            var colon = line.IndexOf(':');
            var name = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            fields.Add(new(name, value.StartsWith(' ') ? value[1..] : value));
        }
    }

    /// <summary>The next block that is an event (has data), skipping comments and retry-only blocks.</summary>
    public async Task<SseBlock> NextEventAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var block = await NextAsync(timeout);
            if (block.Data is not null)
            {
                return block;
            }
        }
    }

    public void Dispose() => _reader.Dispose();
}

public sealed record SseBlock(IReadOnlyList<KeyValuePair<string, string>> Fields, IReadOnlyList<string> Comments)
{
    public string? Id => Field("id");

    public string? Event => Field("event");

    public string? Data => Field("data");

    public string? Retry => Field("retry");

    private string? Field(string name) => Fields.LastOrDefault(f => f.Key == name).Value;
}
