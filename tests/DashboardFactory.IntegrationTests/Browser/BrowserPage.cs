using Microsoft.Playwright;

namespace DashboardFactory.IntegrationTests.Browser;

/// <summary>
/// One page in its own browser context, with what went wrong on it: console errors, uncaught exceptions, failed
/// requests and HTTP errors. Tests assert these are empty, so a page that works only by luck fails.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly List<string> _problems = [];

    public BrowserPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Record($"console error: {message.Text}");
            }
        };
        page.PageError += (_, error) => Record($"uncaught: {error}");
        page.RequestFailed += (_, request) =>
        {
            // A reload or navigation aborts what the old document still had in flight; that is not a failure.
            if (request.Failure is not "net::ERR_ABORTED")
            {
                Record($"request failed: {request.Method} {request.Url} {request.Failure}");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Record($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>Opens a cockpit the way a link from the console does: with the token in the address, once.</summary>
    public async Task OpenCockpitAsync(string cockpitId, string token)
    {
        await Page.GotoAsync($"/cockpits/{cockpitId}?access_token={Uri.EscapeDataString(token)}");
        await Page.WaitForFunctionAsync("() => document.body.dataset.connection === 'connected'");
    }

    /// <summary>Waits until the page has painted the first values of its live widgets (one batch request).</summary>
    public Task FirstValuesAsync() => Page.WaitForFunctionAsync("() => document.body.dataset.firstValues !== undefined");

    public async ValueTask DisposeAsync() => await Context.CloseAsync();

    private void Record(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
