using DashboardFactory.Api.Errors;
using DashboardFactory.Api.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace DashboardFactory.IntegrationTests.Operations;

/// <summary>Which failures of a grain call the API runs again while silos come and go, and what the client is told when they outlast the retries (the drills prove it end to end).</summary>
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

    [Theory]
    [InlineData("GET", true)]
    [InlineData("PATCH", true)]
    [InlineData("POST", false)]
    public void AfterAnETagConflictOfAGrainActiveTwiceRequestsThatMayRunTwiceRunAgain(string method, bool retried)
    {
        ClusterChangeRetry.Retryable(new InconsistentStateException("stale (test)", "stored", "current"), method).Should().Be(retried);
    }

    [Fact]
    public async Task AnETagConflictThatOutlastsTheRetriesIsA503WithRetryAfterNotA500()
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = new MemoryStream();
        var handler = new ProblemExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<ProblemExceptionHandler>.Instance);

        var handled = await handler.TryHandleAsync(http, new InconsistentStateException("stale (test)", "stored", "current"), CancellationToken.None);

        handled.Should().BeTrue();
        http.Response.StatusCode.Should().Be(StatusCodes.Status503ServiceUnavailable);
        http.Response.Headers.RetryAfter.ToString().Should().Be("2");
    }

    [Fact]
    public async Task ARetryReadsTheWholeBodyAgainEvenWhenTheFirstAttemptDisposedIt()
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "PATCH";
        http.Request.Path = "/api/cockpits/c-1";
        http.Request.Body = new MemoryStream("""{"title":"again"}"""u8.ToArray());
        var reads = new List<string>();

        await ClusterChangeRetry.RunAsync(http, async context =>
        {
            // What a handler may do: read the body with a reader that disposes it.
            using (var reader = new StreamReader(context.Request.Body))
            {
                reads.Add(await reader.ReadToEndAsync());
            }

            if (reads.Count == 1)
            {
                throw new SiloUnavailableException("gone (test)");
            }
        }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, [TimeSpan.Zero]);

        reads.Should().Equal("""{"title":"again"}""", """{"title":"again"}""");
    }

    [Fact]
    public async Task ASignInReadRefusedWhileASiloLeavesRunsAgain()
    {
        var calls = 0;

        var result = await ClusterChangeRetry.ReadAsync(() => ++calls == 1 ? throw Rejected() : Task.FromResult("user"),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, "test", [TimeSpan.Zero], CancellationToken.None);

        result.Should().Be("user");
        calls.Should().Be(2);
    }

    [Fact]
    public async Task ASignInReadRunsAgainAfterAnUnavailableSiloToo()
    {
        // A read changes nothing, so what a GET may repeat it may repeat, whatever the request it signs in.
        var calls = 0;

        var result = await ClusterChangeRetry.ReadAsync(() => ++calls == 1 ? throw new SiloUnavailableException("gone (test)") : Task.FromResult("user"),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, "test", [TimeSpan.Zero], CancellationToken.None);

        result.Should().Be("user");
    }

    [Fact]
    public async Task ASignInReadThatKeepsFailingGivesUpAfterTheLastPauseWithTheClusterFault()
    {
        var calls = 0;

        var act = () => ClusterChangeRetry.ReadAsync<string>(() => { calls++; throw Rejected(); },
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, "test", [TimeSpan.Zero, TimeSpan.Zero], CancellationToken.None);

        await act.Should().ThrowAsync<OrleansMessageRejectionException>("the client is then told 503, as for the endpoint's own calls");
        calls.Should().Be(3);
    }

    [Fact]
    public async Task ASignInReadIsNotRunAgainAfterOtherFailures()
    {
        var calls = 0;

        var act = () => ClusterChangeRetry.ReadAsync<string>(() => { calls++; throw new TimeoutException(); },
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, "test", [TimeSpan.Zero], CancellationToken.None);

        await act.Should().ThrowAsync<TimeoutException>();
        calls.Should().Be(1);
    }

    // Its constructors are internal to Orleans; this is the exception a grain call gets when the silo refused it.
    internal static OrleansMessageRejectionException Rejected() => (OrleansMessageRejectionException)Activator.CreateInstance(
        typeof(OrleansMessageRejectionException), System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, null,
        ["refused while the silo leaves (test)"], null)!;

    [Fact]
    public void OtherFailuresAreNotRetried()
    {
        ClusterChangeRetry.Retryable(new TimeoutException(), "GET").Should().BeFalse();
        ClusterChangeRetry.Retryable(new InvalidOperationException(), "GET").Should().BeFalse();
    }
}
