namespace DashboardFactory;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; if the write fails, forgets the change in memory as well (re-reading what the store
    /// has, or deactivating when even that fails) before rethrowing. Otherwise the grain would go on acting on
    /// a change the store never saw: a retried rollout would find the release "already installed" in memory
    /// and report success for an update that was never persisted.
    /// </summary>
    public static async Task WriteOrForgetAsync<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                grain.DeactivateOnIdle();
            }

            throw;
        }
    }
}
