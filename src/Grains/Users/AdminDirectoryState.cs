namespace DashboardFactory.Users;

[GenerateSerializer, Alias("DashboardFactory.Users.AdminDirectoryState")]
public sealed class AdminDirectoryState
{
    [Id(0)] public HashSet<string> UserIds { get; set; } = new(StringComparer.Ordinal);
}
