using DashboardFactory.StateReads;

namespace DashboardFactory.UnitTests.StateReads;

public sealed class StateReadOptionsTests
{
    [Fact]
    public void TheDefaultsAreValid() => new StateReadOptions().IsValid().Should().BeTrue();

    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(4096, 64, true)]
    [InlineData(0, 4, false)]
    [InlineData(4097, 4, false)]
    [InlineData(256, 0, false)]
    [InlineData(256, 65, false)]
    public void BatchSizeAndConcurrencyMustLieInTheirRanges(int batchSize, int concurrency, bool valid) =>
        new StateReadOptions { BatchSize = batchSize, Concurrency = concurrency }.IsValid().Should().Be(valid);
}
