namespace DashboardFactory.Api.Pages;

/// <summary>Settings of the browser pages (section <c>Pages</c>).</summary>
public sealed class PagesOptions
{
    public const string Section = "Pages";

    /// <summary>
    /// After a factory update a cockpit page reloads by itself after this many seconds unless the operator chose
    /// "Later" (API.md says 10). 0 turns the automatic reload off: the toast then only offers it.
    /// </summary>
    public int AutoReloadSeconds { get; set; } = 10;

    /// <summary>
    /// How long a cockpit page opened with a stream ticket keeps reading its cockpit after the ticket was used up
    /// (<see cref="ScopedPageSession"/>): a wall screen's shift. Reloading after that needs a new ticket.
    /// </summary>
    public TimeSpan TicketSessionLifetime { get; set; } = TimeSpan.FromHours(12);
}
