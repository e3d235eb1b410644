namespace DashboardFactory.Users;

/// <summary>
/// The ids of the users who are (or were just now) admins, so a rollback can tell every admin. One small set:
/// admins are few. Readers check each user's role, since an entry can outlive a role change by a crash.
/// </summary>
[Alias("DashboardFactory.Users.IAdminDirectoryGrain")]
public interface IAdminDirectoryGrain : IGrainWithStringKey
{
    const string Key = "default";

    [Alias("Add")]
    Task AddAsync(string userId);

    [Alias("Remove")]
    Task RemoveAsync(string userId);

    [Alias("List")]
    Task<IReadOnlyList<string>> ListAsync();
}
