namespace DashboardFactory;

/// <summary>
/// Group commit for a reentrant grain: calls that change the state while a write is under way share the next
/// write instead of queueing one each, and every caller returns only once a write that includes its change
/// has completed. <paramref name="write"/> must hand the storage provider a copy of the state, because
/// reentrant calls keep changing the live one while the provider serializes.
/// </summary>
public sealed class GroupCommit(Func<Task> write)
{
    private Task _lastWrite = Task.CompletedTask;
    private Task? _nextWrite;

    public Task CommitAsync() => _nextWrite ??= WriteAfterAsync(_lastWrite);

    private async Task WriteAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch
        {
            // That write's callers were told; this write carries their changes again.
        }

        // Let the calls already queued behind this one make their changes first, then write them all at once.
        await Task.Yield();
        _nextWrite = null;
        var current = write();
        _lastWrite = current;
        await current;
    }
}
