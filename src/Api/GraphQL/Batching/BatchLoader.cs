using GraphQL.DataLoader;

namespace DashboardFactory.Api.GraphQL.Batching;

/// <summary>
/// Collects the keys that the resolvers of one level of a result ask for and fetches them together the first time
/// any of them is awaited. GraphQL.NET's executor resolves every field of a level before it awaits the
/// <see cref="IDataLoaderResult"/>s they returned, so 100 cockpits asking for their owner make one fetch of the
/// distinct owners, not 100. Each key is fetched once per operation.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyList<TKey>, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
    where TKey : notnull
    where TValue : class
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, Task<TValue?>> _known = [];
    private List<(TKey Key, TaskCompletionSource<TValue?> Value)> _pending = [];

    /// <summary>The value of <paramref name="key"/> (null when there is none), fetched with the other keys of its level.</summary>
    public IDataLoaderResult<TValue?> Load(TKey key)
    {
        lock (_gate)
        {
            if (!_known.TryGetValue(key, out var task))
            {
                var value = new TaskCompletionSource<TValue?>(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending.Add((key, value));
                _known[key] = task = value.Task;
            }

            return new Pending<TValue?>(this, task);
        }
    }

    /// <summary>Several keys in one fetch, now (for a list a resolver already holds), in the order asked.</summary>
    public async Task<IReadOnlyList<TValue?>> LoadManyAsync(IReadOnlyList<TKey> keys)
    {
        var tasks = keys.Select(k => Load(k)).ToList();
        await DispatchAsync();
        return await Task.WhenAll(tasks.Select(t => t.GetResultAsync()));
    }

    /// <summary>Tells the loader a value the caller already fetched, so asking for it costs nothing.</summary>
    public void Prime(TKey key, TValue value)
    {
        lock (_gate)
        {
            _known.TryAdd(key, Task.FromResult<TValue?>(value));
        }
    }

    private async Task DispatchAsync()
    {
        List<(TKey Key, TaskCompletionSource<TValue?> Value)> batch;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            (batch, _pending) = (_pending, []);
        }

        try
        {
            var values = await fetch([.. batch.Select(p => p.Key)]);
            foreach (var (key, value) in batch)
            {
                value.TrySetResult(values.GetValueOrDefault(key));
            }
        }
        catch (Exception error)
        {
            foreach (var (_, value) in batch)
            {
                value.TrySetException(error);
            }
        }
    }

    /// <summary>A value of the loader: awaiting it first fetches every key still pending.</summary>
    public sealed class Pending<T>(BatchLoader<TKey, TValue> loader, Task<T> value) : IDataLoaderResult<T>
    {
        public async Task<T> GetResultAsync(CancellationToken cancellationToken = default)
        {
            if (!value.IsCompleted)
            {
                await loader.DispatchAsync();
            }

            return await value;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
