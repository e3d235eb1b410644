namespace DashboardFactory.Mail;

/// <summary>Lets a queued job wake this silo's dispatcher at once instead of at its next poll.</summary>
internal sealed class MailWakeUp
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Set()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already set: one wake-up covers any number of jobs.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _signal.WaitAsync(timeout, cancellationToken);
}
