using DashboardFactory.Database;

namespace DashboardFactory.UnitTests.Database;

public sealed class BatchWriterTests
{
    [Fact]
    public async Task CallersWaitingTogetherShareBatchesNoHeavierThanTheLimitAndGetTheirOwnResults()
    {
        var batches = new List<int[]>();
        var gate = new TaskCompletionSource();
        await using var writer = new BatchWriter<int, string>(10, item => item, async items =>
        {
            await gate.Task;
            lock (batches)
            {
                batches.Add([.. items]);
            }

            return [.. items.Select(i => $"r{i}")];
        }, (_, _, _) => { });

        var first = writer.WriteAsync(1); // the first write is held at the gate while the rest queue up
        var rest = new[] { 4, 4, 4, 25, 2 }.Select(writer.WriteAsync).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(rest.Prepend(first));

        results.Should().Equal("r1", "r4", "r4", "r4", "r25", "r2");
        batches.SelectMany(b => b).Should().Equal([1, 4, 4, 4, 25, 2], "items are written once each, in the order they came");
        batches.Should().Contain(b => b.Length > 1, "callers that wait together share a write");
        batches.Where(b => b.Length > 1).Should().OnlyContain(b => b.Sum() <= 10, "several items never exceed the limit together");
        batches.Should().ContainSingle(b => b.Contains(25)).Which.Should().Equal([25], "an item over the limit goes alone");
    }

    [Fact]
    public async Task AFailedBatchFailsEveryCallerInItAndIsReportedOnce()
    {
        var reported = new List<(int Items, int Weight)>();
        var gate = new TaskCompletionSource();
        await using var writer = new BatchWriter<int, int>(100, _ => 1, async items =>
        {
            await gate.Task;
            throw new InvalidOperationException("disk says no");
        }, (_, items, weight) => reported.Add((items, weight)));

        var calls = Enumerable.Range(0, 3).Select(writer.WriteAsync).ToList();
        gate.SetResult();

        foreach (var call in calls)
        {
            await call.Invoking(c => c).Should().ThrowAsync<InvalidOperationException>();
        }

        reported.Sum(r => r.Items).Should().Be(3);
    }

    [Fact]
    public async Task NothingIsTakenAfterDisposal()
    {
        var writer = new BatchWriter<int, int>(10, _ => 1, items => Task.FromResult<IReadOnlyList<int>>([.. items]), (_, _, _) => { });
        (await writer.WriteAsync(7)).Should().Be(7);

        await writer.DisposeAsync();

        Action late = () => writer.WriteAsync(8);
        late.Should().Throw<ObjectDisposedException>("a disposed writer refuses at once rather than leave the caller waiting");
    }
}
