using Orleans.Concurrency;

namespace DashboardFactory.Notifications;

/// <summary>
/// Owns one user's notifications: newest first, bounded, idempotent per notification id. Reentrant with a
/// group commit, because a rollback tells an operator about each of their cockpits at once.
/// </summary>
[Reentrant]
public sealed class NotificationInboxGrain(
    [PersistentState("inbox", ProviderNames.Storage)] IPersistentState<NotificationInboxState> inbox) : Grain, INotificationInboxGrain
{
    private const int Capacity = 500;

    private List<Notification> _items = [];
    private GroupCommit? _commit;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _items = [.. inbox.State.Items];
        _commit = new GroupCommit(() =>
        {
            inbox.State = new NotificationInboxState { Items = [.. _items] };
            return inbox.WriteStateAsync();
        });
        return Task.CompletedTask;
    }

    public Task AddAsync(Notification notification)
    {
        if (_items.Any(n => n.Id == notification.Id))
        {
            return Task.CompletedTask;
        }

        _items.Insert(0, notification);
        if (_items.Count > Capacity)
        {
            _items.RemoveRange(Capacity, _items.Count - Capacity);
        }

        return _commit!.CommitAsync();
    }

    public Task<IReadOnlyList<Notification>> ListAsync() => Task.FromResult<IReadOnlyList<Notification>>([.. _items]);
}
