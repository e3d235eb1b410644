using System.Collections.Concurrent;

namespace DashboardFactory.Rendering;

/// <summary>
/// Remembers the results of a pure, deterministic string transformation, bounded by total characters.
/// </summary>
/// <remarks>
/// A hit is byte-identical to recomputing, so caching cannot change a page or its ETag. When the bound is
/// reached the cache is simply emptied: entries are cheap to recompute, and that keeps it lock-free with no
/// recency bookkeeping. Concurrent callers may add a few entries around a clear, so the bound is approximate.
/// </remarks>
internal sealed class BoundedStringCache<TKey>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, string> _entries = new();
    private readonly long _maxCharacters;
    private long _characters;

    public BoundedStringCache(long maxCharacters) => _maxCharacters = maxCharacters;

    /// <param name="keyCharacters">The size the key keeps alive, counted towards the bound.</param>
    /// <param name="create">Must be pure; it may run more than once for a key when callers race.</param>
    public string GetOrAdd(TKey key, int keyCharacters, Func<TKey, string> create)
    {
        if (_entries.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var value = create(key);
        var size = keyCharacters + value.Length;
        if (Interlocked.Add(ref _characters, size) > _maxCharacters)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _characters, size);
        }

        _entries.TryAdd(key, value);
        return value;
    }
}
