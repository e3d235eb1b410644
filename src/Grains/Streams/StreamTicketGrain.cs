namespace DashboardFactory.Streams;

/// <summary>
/// Owns one stream ticket (key: its SHA-256), in memory only. Issued once; used once to connect (a SignalR
/// negotiate only looks); the connection that used it may come back with the same connection token (transports
/// that make several requests). An unknown key (never issued, or its silo is gone) is simply not valid.
/// </summary>
public sealed class StreamTicketGrain(TimeProvider time) : Grain, IStreamTicketGrain
{
    private StreamTicketGrant? _grant;
    private string? _usedBy;

    public Task IssueAsync(StreamTicketGrant grant)
    {
        if (_grant is not null)
        {
            throw new InvalidOperationException("A stream ticket is issued once.");
        }

        _grant = grant;

        // Kept no longer than it can be used; a connection that used it keeps it alive by coming back.
        DelayDeactivation(grant.ExpiresAt - time.GetUtcNow() + TimeSpan.FromSeconds(5));
        return Task.CompletedTask;
    }

    public Task<StreamTicketGrant?> PeekAsync() =>
        Task.FromResult(_grant is { } grant && _usedBy is null && time.GetUtcNow() < grant.ExpiresAt ? grant : null);

    public Task<StreamTicketGrant?> RedeemAsync(string connection)
    {
        if (_grant is not { } grant)
        {
            return Task.FromResult<StreamTicketGrant?>(null);
        }

        if (_usedBy is null && time.GetUtcNow() < grant.ExpiresAt)
        {
            _usedBy = connection;
            return Task.FromResult<StreamTicketGrant?>(grant);
        }

        return Task.FromResult(_usedBy is { Length: > 0 } used && used == connection ? grant : null);
    }
}
