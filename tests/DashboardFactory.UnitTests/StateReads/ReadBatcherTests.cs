using DashboardFactory.StateReads;

namespace DashboardFactory.UnitTests.StateReads;

public sealed class ReadBatcherTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>A read function whose every batch waits for the test's go, recording each batch as it starts.</summary>
    private sealed class GatedReads
    {
        private readonly Lock _gate = new();
        private readonly List<(IReadOnlyList<int> Keys, TaskCompletionSource Go)> _batches = [];
        private TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;

        public int MaxInFlight { get; private set; }

        public Func<IReadOnlyList<int>, Exception?>? Fail { get; init; }

        public IReadOnlyList<IReadOnlyList<int>> Batches
        {
            get
            {
                lock (_gate)
                {
                    return [.. _batches.Select(b => b.Keys)];
                }
            }
        }

        public async Task<IReadOnlyList<string>> ReadAsync(IReadOnlyList<int> keys)
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _batches.Add((keys, go));
                MaxInFlight = Math.Max(MaxInFlight, ++_inFlight);
                _started.TrySetResult();
            }

            await go.Task;
            lock (_gate)
            {
                _inFlight--;
            }

            return Fail?.Invoke(keys) is { } error ? throw error : [.. keys.Select(k => $"state {k}")];
        }

        /// <summary>Waits until <paramref name="count"/> batches have started.</summary>
        public async Task StartedAsync(int count)
        {
            while (true)
            {
                Task started;
                lock (_gate)
                {
                    if (_batches.Count >= count)
                    {
                        return;
                    }

                    started = (_started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }

                await started.WaitAsync(Deadline);
            }
        }

        public void Release(int batch)
        {
            lock (_gate)
            {
                _batches[batch].Go.TrySetResult();
            }
        }
    }

    [Fact]
    public async Task ALoneReadGoesAtOnceInABatchOfItsOwn()
    {
        var reads = new GatedReads();
        var batcher = new ReadBatcher<int, string>(256, 4, reads.ReadAsync);

        var read = batcher.ReadAsync(7);
        await reads.StartedAsync(1);
        reads.Release(0);

        (await read.WaitAsync(Deadline)).Should().Be("state 7");
        reads.Batches.Should().ContainSingle().Which.Should().Equal(7);
    }

    [Fact]
    public async Task ReadsArrivingWhileEveryBatchIsInFlightGoTogetherInTheNext()
    {
        var reads = new GatedReads();
        var batcher = new ReadBatcher<int, string>(256, 1, reads.ReadAsync);

        var first = batcher.ReadAsync(0);
        await reads.StartedAsync(1);
        var queued = Enumerable.Range(1, 50).Select(batcher.ReadAsync).ToList();
        reads.Release(0);
        await reads.StartedAsync(2);
        reads.Release(1);

        (await first.WaitAsync(Deadline)).Should().Be("state 0");
        (await Task.WhenAll(queued).WaitAsync(Deadline)).Should().Equal(Enumerable.Range(1, 50).Select(k => $"state {k}"));
        reads.Batches.Should().HaveCount(2, "the fifty reads that waited share one statement");
        reads.Batches[1].Should().Equal(Enumerable.Range(1, 50));
    }

    [Fact]
    public async Task NoBatchIsLargerThanTheBatchSizeAndNoMoreThanTheConcurrencyAreInFlight()
    {
        var reads = new GatedReads();
        var batcher = new ReadBatcher<int, string>(3, 2, reads.ReadAsync);

        var all = Enumerable.Range(0, 20).Select(batcher.ReadAsync).ToList();

        // Reads 0 and 1 take the two free slots alone; each batch released then takes the next three waiting reads.
        const int Batches = 2 + 18 / 3;
        for (var batch = 0; batch < Batches; batch++)
        {
            await reads.StartedAsync(batch + 1);
            reads.Release(batch);
        }

        (await Task.WhenAll(all).WaitAsync(Deadline)).Should().Equal(Enumerable.Range(0, 20).Select(k => $"state {k}"));
        reads.Batches.Should().HaveCount(Batches).And.OnlyContain(b => b.Count >= 1 && b.Count <= 3);
        reads.Batches.SelectMany(b => b).Should().BeEquivalentTo(Enumerable.Range(0, 20), "every read is in exactly one batch");
        reads.MaxInFlight.Should().BeLessThanOrEqualTo(2);
    }

    [Fact]
    public async Task AFailedBatchFailsEachOfItsReadsAndTheNextBatchStillRuns()
    {
        var broken = new InvalidOperationException("function orleans_read_many_from_storage does not exist");
        var reads = new GatedReads { Fail = keys => keys.Contains(0) ? broken : null };
        var batcher = new ReadBatcher<int, string>(256, 1, reads.ReadAsync);

        var first = batcher.ReadAsync(0);
        await reads.StartedAsync(1);
        var second = batcher.ReadAsync(1);
        reads.Release(0);
        await reads.StartedAsync(2);
        reads.Release(1);

        (await first.Invoking(r => r.WaitAsync(Deadline)).Should().ThrowAsync<InvalidOperationException>()).Which.Should().BeSameAs(broken);
        (await second.WaitAsync(Deadline)).Should().Be("state 1");
    }
}
