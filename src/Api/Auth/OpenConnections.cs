using System.Security.Claims;
using DashboardFactory.Users;
using Orleans.Streams;

namespace DashboardFactory.Api.Auth;

/// <summary>
/// The long-lived connections open on this API node (hub connections, SSE streams, GraphQL sockets), by the user
/// they authenticated as, so that a rotated or revoked token or a changed role closes them at once rather than
/// when they next reconnect. The user grains publish such changes on one stream
/// (<see cref="StreamNamespaces.UserCredentials"/>); this node subscribes before it registers its first
/// connection, so no change after a connection is registered can be missed. A closed client reconnects with its
/// token, and is then refused or let in under its new role.
/// </summary>
public sealed partial class OpenConnections(IClusterClient cluster, ILogger<OpenConnections> logger) : IHostedService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<Registration>> _byUser = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private StreamSubscriptionHandle<UserCredentialsChanged>? _subscription;

    /// <summary>Connections registered now, all users together.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byUser.Values.Sum(s => s.Count);
            }
        }
    }

    /// <summary>
    /// Registers a connection of <paramref name="caller"/>; <paramref name="close"/> ends it (it must not throw and
    /// may be called from any thread). Dispose the result when the connection ends. Throws when this node cannot
    /// listen for credential changes: a connection that could not be closed on revocation is not kept.
    /// </summary>
    public Task<IDisposable> RegisterAsync(ClaimsPrincipal caller, Action close) =>
        RegisterAsync(caller.CallerId(), caller.CredentialsVersion(), close);

    /// <summary>
    /// Registers a connection of <paramref name="userId"/> signed in at credentials generation
    /// <paramref name="version"/> (null: unknown, so any change closes it).
    /// </summary>
    public async Task<IDisposable> RegisterAsync(string userId, long? version, Action close)
    {
        await EnsureSubscribedAsync();
        var registration = new Registration(this, userId, version, close);
        lock (_gate)
        {
            if (!_byUser.TryGetValue(userId, out var set))
            {
                _byUser[userId] = set = [];
            }

            set.Add(registration);
        }

        return registration;
    }

    /// <summary>
    /// Closes the user's connections on this node that signed in before credentials generation
    /// <paramref name="version"/> (all of them when null); the count closed. A connection signed in at that generation
    /// or later used the new token or has the new role already: a change message that reaches this node late must not
    /// close it.
    /// </summary>
    public int CloseAll(string userId, long? version = null)
    {
        Registration[] closing;
        lock (_gate)
        {
            if (!_byUser.TryGetValue(userId, out var set))
            {
                return 0;
            }

            closing = [.. set.Where(r => version is null || r.Version is null || r.Version < version)];
            set.ExceptWith(closing);
            if (set.Count == 0)
            {
                _byUser.Remove(userId);
            }
        }

        foreach (var registration in closing)
        {
            registration.Close();
        }

        return closing.Length;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_subscription is { } subscription)
        {
            try
            {
                await subscription.UnsubscribeAsync().WaitAsync(cancellationToken);
            }
            catch (Exception error)
            {
                LogUnsubscribeFailed(error);
            }
        }
    }

    private async Task EnsureSubscribedAsync()
    {
        if (Volatile.Read(ref _subscription) is not null)
        {
            return;
        }

        await _subscribing.WaitAsync();
        try
        {
            if (_subscription is null)
            {
                var stream = cluster.GetStreamProvider(ProviderNames.Streams).GetStream<UserCredentialsChanged>(
                    StreamId.Create(StreamNamespaces.UserCredentials, UserCredentialsChanged.StreamKey));
                Volatile.Write(ref _subscription, await stream.SubscribeAsync((change, _) =>
                {
                    var closed = CloseAll(change.UserId, change.Version);
                    LogClosed(change.UserId, change.Change, closed);
                    return Task.CompletedTask;
                }));
            }
        }
        finally
        {
            _subscribing.Release();
        }
    }

    private void Remove(Registration registration)
    {
        lock (_gate)
        {
            if (_byUser.TryGetValue(registration.UserId, out var set) && set.Remove(registration) && set.Count == 0)
            {
                _byUser.Remove(registration.UserId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} connections of user {UserId}: {Change}")]
    private partial void LogClosed(string userId, CredentialsChange change, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release this node's subscription to credential changes")]
    private partial void LogUnsubscribeFailed(Exception error);

    private sealed class Registration(OpenConnections owner, string userId, long? version, Action close) : IDisposable
    {
        public string UserId => userId;

        public long? Version => version;

        public void Close() => close();

        public void Dispose() => owner.Remove(this);
    }
}
