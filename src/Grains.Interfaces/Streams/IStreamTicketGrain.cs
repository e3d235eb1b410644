namespace DashboardFactory.Streams;

/// <summary>
/// One stream ticket, keyed by the SHA-256 of the ticket (the ticket itself is never a key, so no grain id or log
/// line can reveal it). Held in memory only: a ticket lives for seconds, and a lost one is simply asked for again.
/// One activation per key makes "usable once" hold across API nodes.
/// </summary>
[Alias("DashboardFactory.Streams.IStreamTicketGrain")]
public interface IStreamTicketGrain : IGrainWithStringKey
{
    [Alias("Issue")]
    Task IssueAsync(StreamTicketGrant grant);

    /// <summary>The grant while the ticket is unused and unexpired, without using it (a SignalR negotiate request).</summary>
    [Alias("Peek")]
    Task<StreamTicketGrant?> PeekAsync();

    /// <summary>
    /// Uses the ticket: the grant the first time (before it expires), null after. A connection made of several requests
    /// (SignalR transports other than WebSockets) passes its connection token as <paramref name="connection"/>: later
    /// requests of that same connection are let through, nothing else.
    /// </summary>
    [Alias("Redeem")]
    Task<StreamTicketGrant?> RedeemAsync(string connection);
}
