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
    private TaskCompletionSource? _nextWrite;

    public Task CommitAsync()
    {
        // The next write is registered before it starts, so its callers find it whatever order the scheduler runs
        // the continuations in (a grain's scheduler runs them after this turn; a thread pool may run them first).
        var next = _nextWrite;
        if (next is null)
        {
            _nextWrite = next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = WriteAfterAsync(_lastWrite, next);
        }

        return next.Task;
    }

    private async Task WriteAfterAsync(Task previous, TaskCompletionSource next)
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
        try
        {
            var current = write();
            _lastWrite = current;
            await current;
            next.SetResult();
        }
        catch (Exception error)
        {
            next.SetException(error);
        }
    }
}
