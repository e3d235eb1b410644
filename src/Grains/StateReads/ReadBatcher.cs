namespace DashboardFactory.StateReads;

/// <summary>
/// Opportunistic batching of reads: a read that finds fewer than <c>concurrency</c> batches in flight starts one at
/// once (so a lone read waits for nothing); reads that arrive while all are busy queue, and each batch that
/// finishes takes up to <c>batchSize</c> of them into the next. A burst of a thousand reads thus becomes a handful
/// of batches without any timer. Each caller gets its own result, or the exception of the batch that held it.
/// </summary>
public sealed class ReadBatcher<TKey, TResult>
{
    private readonly object _lock = new();
    private readonly Queue<Pending> _queue = new();
    private readonly int _batchSize;
    private readonly int _concurrency;
    private readonly Func<IReadOnlyList<TKey>, Task<IReadOnlyList<TResult>>> _read;
    private int _inFlight;

    /// <param name="read">Reads a batch and answers one result per key, in order.</param>
    public ReadBatcher(int batchSize, int concurrency, Func<IReadOnlyList<TKey>, Task<IReadOnlyList<TResult>>> read)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        _batchSize = batchSize;
        _concurrency = concurrency;
        _read = read;
    }

    public Task<TResult> ReadAsync(TKey key)
    {
        var pending = new Pending(key, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        List<Pending>? batch = null;
        lock (_lock)
        {
            _queue.Enqueue(pending);
            if (_inFlight < _concurrency)
            {
                _inFlight++;
                batch = Take();
            }
        }

        if (batch is not null)
        {
            // Off the caller's scheduler: a grain calls this from its activation, whose scheduler must not run the
            // loop that serves every other grain's reads.
            _ = Task.Run(() => RunAsync(batch));
        }

        return pending.Done.Task;
    }

    private async Task RunAsync(List<Pending> batch)
    {
        while (true)
        {
            try
            {
                var results = await _read([.. batch.Select(p => p.Key)]).ConfigureAwait(false);
                if (results.Count != batch.Count)
                {
                    throw new InvalidOperationException($"A batch of {batch.Count} reads answered {results.Count} results.");
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception error)
            {
                batch.ForEach(p => p.Done.TrySetException(error));
            }

            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _inFlight--;
                    return;
                }

                batch = Take();
            }
        }
    }

    private List<Pending> Take()
    {
        var batch = new List<Pending>(Math.Min(_queue.Count, _batchSize));
        while (batch.Count < _batchSize && _queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        return batch;
    }

    private sealed record Pending(TKey Key, TaskCompletionSource<TResult> Done);
}
