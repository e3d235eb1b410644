using DashboardFactory.Api.Hosting;

namespace DashboardFactory.IntegrationTests.Operations;

/// <summary>Which failures of a grain call the API runs again while silos come and go (the drills prove it end to end).</summary>
public sealed class ClusterChangeRetryTests
{
    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("POST")]
    public void ARejectedMessageWasNeverProcessedSoAnyMethodRunsAgain(string method)
    {
        // Its constructors are internal to Orleans; only the type matters here.
        var rejected = (OrleansMessageRejectionException)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(OrleansMessageRejectionException));

        ClusterChangeRetry.Retryable(rejected, method).Should().BeTrue();
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("PATCH", true)]
    [InlineData("DELETE", true)]
    [InlineData("POST", false)]
    public void AfterAnUnavailableSiloOnlyRequestsThatMayRunTwiceRunAgain(string method, bool retried)
    {
        ClusterChangeRetry.Retryable(new SiloUnavailableException("gone (test)"), method).Should().Be(retried);
    }

    [Fact]
    public void OtherFailuresAreNotRetried()
    {
        ClusterChangeRetry.Retryable(new TimeoutException(), "GET").Should().BeFalse();
        ClusterChangeRetry.Retryable(new InvalidOperationException(), "GET").Should().BeFalse();
    }
}
