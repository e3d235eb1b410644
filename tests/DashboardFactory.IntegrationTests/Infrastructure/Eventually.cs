namespace DashboardFactory.IntegrationTests.Infrastructure;

/// <summary>Polls an action until its result satisfies a condition, or fails with the last result after a deadline.</summary>
public static class Eventually
{
    public static async Task<T> Async<T>(Func<Task<T>> action, Func<T, bool> done, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var result = await action();
            if (done(result) || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }
}
