using System.Collections.Concurrent;

namespace DashboardFactory.Bench;

/// <summary>
/// The bench process's GC pauses (the in-process silos'), as UTC windows: a thread of its own reads the runtime's total
/// pause time every millisecond, so each pause is seen as it ends. Lets the watch figures say which late updates a
/// silo GC pause can account for.
/// </summary>
public sealed class GcPauses : IDisposable
{
    private readonly ConcurrentQueue<(long StartTicks, long EndTicks)> _pauses = new();
    private volatile bool _stopped;

    public static GcPauses Track()
    {
        var pauses = new GcPauses();
        new Thread(pauses.Run) { IsBackground = true, Name = "gc pause watch" }.Start();
        return pauses;
    }

    /// <summary>Pauses of at least <paramref name="minMs"/>: how many, their total and the longest, in ms.</summary>
    public (int Count, double TotalMs, double MaxMs) Summary(double minMs)
    {
        var lengths = _pauses.Select(p => TimeSpan.FromTicks(p.EndTicks - p.StartTicks).TotalMilliseconds).Where(ms => ms >= minMs).ToList();
        return (lengths.Count, lengths.Sum(), lengths.Count > 0 ? lengths.Max() : 0);
    }

    /// <summary>Whether a pause overlapped the UTC window from <paramref name="fromTicks"/> to <paramref name="toTicks"/>.</summary>
    public bool Overlaps(long fromTicks, long toTicks) => _pauses.Any(p => p.StartTicks <= toTicks && p.EndTicks >= fromTicks);

    public void Dispose() => _stopped = true;

    private void Run()
    {
        var last = GC.GetTotalPauseDuration();
        while (!_stopped)
        {
            Thread.Sleep(1);
            var total = GC.GetTotalPauseDuration();
            if (total > last)
            {
                var end = DateTime.UtcNow.Ticks;
                _pauses.Enqueue((end - (total - last).Ticks, end));
                last = total;
            }
        }
    }
}
