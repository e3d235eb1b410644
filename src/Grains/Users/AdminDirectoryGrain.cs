namespace DashboardFactory.Users;

/// <summary>Owns the set of admin user ids (see <see cref="IAdminDirectoryGrain"/>).</summary>
public sealed class AdminDirectoryGrain(
    [PersistentState("admins", ProviderNames.Storage)] IPersistentState<AdminDirectoryState> directory) : Grain, IAdminDirectoryGrain
{
    public async Task AddAsync(string userId)
    {
        if (directory.State.UserIds.Add(userId))
        {
            await directory.WriteOrForgetAsync(this);
        }
    }

    public async Task RemoveAsync(string userId)
    {
        if (directory.State.UserIds.Remove(userId))
        {
            await directory.WriteOrForgetAsync(this);
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. directory.State.UserIds.Order(StringComparer.Ordinal)]);
}
