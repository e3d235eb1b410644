using System.Diagnostics;

namespace DashboardFactory.IntegrationTests.Cluster;

/// <summary>
/// Retries a check until it passes or a deadline passes, for conditions a test can only observe from
/// outside (a port that starts answering, a row that changes). An attempt that throws is "not yet";
/// <see cref="GiveUp"/> ends the wait at once, for answers that can never turn into the right one.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public static Task UntilAsync(string what, TimeSpan timeout, Func<Task> attempt, Func<string>? diagnostics = null) =>
        UntilAsync(what, timeout, async () =>
        {
            await attempt();
            return true;
        }, diagnostics);

    public static async Task<T> UntilAsync<T>(string what, TimeSpan timeout, Func<Task<T>> attempt, Func<string>? diagnostics = null)
    {
        var clock = Stopwatch.StartNew();
        var attempts = 0;
        while (true)
        {
            attempts++;
            Exception last;
            try
            {
                return await attempt();
            }
            catch (GiveUp stop)
            {
                throw new InvalidOperationException(
                    $"{what}: gave up after {clock.Elapsed.TotalSeconds:0.0} s ({attempts} attempts): {stop.Message}{Context(diagnostics)}", stop);
            }
            catch (Exception error)
            {
                last = error;
            }

            if (clock.Elapsed >= timeout)
            {
                throw new TimeoutException(
                    $"{what}: still not the case after {timeout.TotalSeconds:0} s ({attempts} attempts). Last attempt: " +
                    $"{last.GetType().Name}: {last.Message}{Context(diagnostics)}", last);
            }

            await Task.Delay(Interval);
        }
    }

    private static string Context(Func<string>? diagnostics) =>
        diagnostics is null ? string.Empty : Environment.NewLine + diagnostics();

    /// <summary>Thrown by an attempt whose answer is final and wrong: no point waiting any longer.</summary>
    public sealed class GiveUp(string message) : Exception(message);
}
