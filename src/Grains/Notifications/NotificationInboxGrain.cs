namespace DashboardFactory.Notifications;

/// <summary>Owns one user's notifications: newest first, bounded, idempotent per notification id.</summary>
public sealed class NotificationInboxGrain(
    [PersistentState("inbox", ProviderNames.Storage)] IPersistentState<NotificationInboxState> inbox) : Grain, INotificationInboxGrain
{
    private const int Capacity = 500;

    public async Task AddAsync(Notification notification)
    {
        if (inbox.State.Items.Any(n => n.Id == notification.Id))
        {
            return;
        }

        inbox.State.Items.Insert(0, notification);
        if (inbox.State.Items.Count > Capacity)
        {
            inbox.State.Items.RemoveRange(Capacity, inbox.State.Items.Count - Capacity);
        }

        await inbox.WriteOrForgetAsync(this);
    }

    public Task<IReadOnlyList<Notification>> ListAsync() => Task.FromResult<IReadOnlyList<Notification>>(inbox.State.Items);
}
