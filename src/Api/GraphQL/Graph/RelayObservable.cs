using System.Threading.Channels;

namespace DashboardFactory.Api.GraphQL.Graph;

/// <summary>
/// The source stream of a subscription field: what is already known first (e.g. a KPI's current value), then the
/// events of a relay listener's queue, mapped (null skips one). GraphQL.NET subscribes once; disposing that
/// subscription gives the listener back to its relay at once, which is what releases a KPI lease when a client
/// completes or its socket closes.
/// </summary>
public sealed class RelayObservable<TEvent, TOut>(
    ChannelReader<TEvent> events,
    Func<TEvent, TOut?> map,
    IReadOnlyList<TOut> first,
    Func<Task> release) : IObservable<TOut>
    where TOut : class
{
    private int _released;

    public IDisposable Subscribe(IObserver<TOut> observer)
    {
        var stop = new CancellationTokenSource();
        _ = PumpAsync(observer, stop.Token);
        return new Subscription(this, stop);
    }

    private async Task PumpAsync(IObserver<TOut> observer, CancellationToken stop)
    {
        try
        {
            foreach (var item in first)
            {
                observer.OnNext(item);
            }

            await foreach (var e in events.ReadAllAsync(stop))
            {
                if (map(e) is { } item)
                {
                    observer.OnNext(item);
                }
            }

            observer.OnCompleted();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            observer.OnError(error);
        }
    }

    private Task ReleaseAsync() => Interlocked.Exchange(ref _released, 1) == 0 ? release() : Task.CompletedTask;

    private sealed class Subscription(RelayObservable<TEvent, TOut> source, CancellationTokenSource stop) : IDisposable
    {
        public void Dispose()
        {
            stop.Cancel();
            stop.Dispose();
            _ = source.ReleaseAsync();
        }
    }
}
