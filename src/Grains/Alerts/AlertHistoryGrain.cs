using Orleans.Concurrency;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace DashboardFactory.Alerts;

/// <summary>
/// Keeps the latest admin alerts (key: the alert stream key) for the command center's overview. It listens to
/// the alert stream through an implicit subscription, so whoever publishes an alert needs to know nothing of it.
/// Bounded, and written with a group commit because alerts come in bursts (a rollback alerts per cockpit).
/// </summary>
[Reentrant]
[ImplicitStreamSubscription(AlertEvent.Namespace)]
public sealed class AlertHistoryGrain(
    [PersistentState("alert-history", ProviderNames.Storage)] IPersistentState<AlertHistoryState> history) : Grain, IAlertHistoryGrain, IStreamSubscriptionObserver
{
    private const int Capacity = 200;

    private List<AlertEvent> _items = [];
    private GroupCommit? _commit;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _items = [.. history.State.Items];
        _commit = new GroupCommit(() =>
        {
            history.State = new AlertHistoryState { Items = [.. _items] };
            return history.WriteStateAsync();
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AlertEvent>> RecentAsync(int limit) =>
        Task.FromResult<IReadOnlyList<AlertEvent>>([.. _items.Take(Math.Clamp(limit, 0, Capacity))]);

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<AlertEvent>().ResumeAsync(OnAlertAsync);

    private Task OnAlertAsync(AlertEvent alert, StreamSequenceToken? token)
    {
        _items.Insert(0, alert);
        if (_items.Count > Capacity)
        {
            _items.RemoveRange(Capacity, _items.Count - Capacity);
        }

        return _commit!.CommitAsync();
    }
}
