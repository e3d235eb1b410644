using System.Diagnostics;

namespace DashboardFactory.IntegrationTests.Infrastructure;

/// <summary>
/// The one waiting helper of the tests, for conditions a test can only observe from outside (a count that falls, a
/// row that changes, a port that starts answering, a process line that appears). Every poll goes through here, so
/// the pause between looks is written once: short at first, doubling up to half a second, or a fixed interval when
/// the caller names one. Where a clock decides, tests move a FakeTimeProvider instead of waiting.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultWithin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Observes until <paramref name="done"/> holds or <paramref name="within"/> passed, and returns the last
    /// observation either way: the test asserts on it, so a failure shows what was seen.
    /// </summary>
    /// <param name="every">A fixed pause between looks instead of the growing one.</param>
    public static async Task<T> Async<T>(Func<Task<T>> observe, Func<T, bool> done, TimeSpan? within = null, TimeSpan? every = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = within ?? DefaultWithin;
        var pause = every ?? FirstPause;
        while (true)
        {
            var result = await observe();
            if (done(result) || clock.Elapsed > limit)
            {
                return result;
            }

            await Task.Delay(pause);
            pause = every ?? TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, LongestPause.TotalMilliseconds));
        }
    }

    /// <summary>
    /// Tries <paramref name="attempt"/> until one returns without throwing; an attempt that throws is "not yet", and
    /// <see cref="GiveUp"/> ends the wait at once, for answers that can never turn into the right one. Throws a
    /// <see cref="TimeoutException"/> naming <paramref name="what"/>, the last failure and the diagnostics after
    /// <paramref name="within"/>.
    /// </summary>
    public static async Task<T> SucceedsAsync<T>(string what, TimeSpan within, Func<Task<T>> attempt, Func<string>? diagnostics = null)
    {
        var clock = Stopwatch.StartNew();
        var attempts = 0;
        Exception? last = null;
        var outcome = await Async(
            async () =>
            {
                attempts++;
                try
                {
                    return (Done: true, Value: await attempt());
                }
                catch (GiveUp stop)
                {
                    throw new InvalidOperationException(
                        $"{what}: gave up after {clock.Elapsed.TotalSeconds:0.0} s ({attempts} attempts): {stop.Message}{Context(diagnostics)}", stop);
                }
                catch (Exception error)
                {
                    last = error;
                    return (Done: false, Value: default(T)!);
                }
            },
            o => o.Done,
            within,
            every: TimeSpan.FromMilliseconds(250));
        if (outcome.Done)
        {
            return outcome.Value;
        }

        throw new TimeoutException(
            $"{what}: still not the case after {within.TotalSeconds:0} s ({attempts} attempts). Last attempt: " +
            $"{last!.GetType().Name}: {last.Message}{Context(diagnostics)}", last);
    }

    public static Task SucceedsAsync(string what, TimeSpan within, Func<Task> attempt, Func<string>? diagnostics = null) =>
        SucceedsAsync(what, within, async () =>
        {
            await attempt();
            return true;
        }, diagnostics);

    /// <summary>Whether <paramref name="signal"/> completes (in any way) within <paramref name="within"/>; it is not awaited for its result.</summary>
    public static async Task<bool> CompletesWithinAsync(Task signal, TimeSpan within)
    {
        if (within <= TimeSpan.Zero)
        {
            return signal.IsCompleted;
        }

        using var timeout = new CancellationTokenSource();
        var first = await Task.WhenAny(signal, Task.Delay(within, timeout.Token));
        await timeout.CancelAsync();
        return first == signal;
    }

    private static string Context(Func<string>? diagnostics) =>
        diagnostics is null ? string.Empty : Environment.NewLine + diagnostics();

    /// <summary>Thrown by an attempt whose answer is final and wrong: no point waiting any longer.</summary>
    public sealed class GiveUp(string message) : Exception(message);
}
