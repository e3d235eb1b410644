using System.Threading.Channels;

namespace DashboardFactory.Database;

/// <summary>
/// Group commit for rows that many grains write at once (snapshots during a rollout, KPI points): callers
/// enqueue, one loop drains the queue into batches of at most <c>maxWeight</c> and writes each batch with one
/// statement, so the database sees a handful of transactions a second instead of one per caller. Each caller
/// waits for the batch that holds its item and gets its own result or the batch's exception. An item heavier
/// than <c>maxWeight</c> goes alone.
/// </summary>
public sealed class BatchWriter<TItem, TResult> : IAsyncDisposable
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly int _maxWeight;
    private readonly Func<TItem, int> _weight;
    private readonly Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> _write;
    private readonly Action<Exception, int, int> _failed;
    private readonly Task _loop;

    /// <param name="write">Writes a batch in one go and returns one result per item, in order.</param>
    /// <param name="failed">Told of a failed batch (error, items, weight) before its callers are.</param>
    public BatchWriter(int maxWeight, Func<TItem, int> weight, Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> write, Action<Exception, int, int> failed)
    {
        _maxWeight = maxWeight;
        _weight = weight;
        _write = write;
        _failed = failed;
        _loop = Task.Run(WriteLoopAsync);
    }

    public Task<TResult> WriteAsync(TItem item)
    {
        var pending = new Pending(item, _weight(item), new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(GetType().Name);
        }

        return pending.Done.Task;
    }

    /// <summary>Writes what is queued, then stops taking items.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>();
        Pending? carried = null;
        while (carried is not null || await _queue.Reader.WaitToReadAsync())
        {
            var weight = 0;
            if (carried is not null)
            {
                batch.Add(carried);
                weight = carried.Weight;
                carried = null;
            }

            while (weight < _maxWeight && _queue.Reader.TryRead(out var pending))
            {
                if (batch.Count > 0 && weight + pending.Weight > _maxWeight)
                {
                    carried = pending;
                    break;
                }

                batch.Add(pending);
                weight += pending.Weight;
            }

            try
            {
                var results = await _write([.. batch.Select(p => p.Item)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception error)
            {
                _failed(error, batch.Count, weight);
                batch.ForEach(p => p.Done.TrySetException(error));
            }

            batch.Clear();
        }
    }

    private sealed record Pending(TItem Item, int Weight, TaskCompletionSource<TResult> Done);
}
