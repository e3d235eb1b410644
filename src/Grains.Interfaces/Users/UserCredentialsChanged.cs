namespace DashboardFactory.Users;

/// <summary>What made a user's open connections stale: their token changed or went, or their role changed.</summary>
public enum CredentialsChange
{
    TokenRotated,
    TokenRevoked,
    RoleChanged,
}

/// <summary>Published on <see cref="StreamNamespaces.UserCredentials"/> after the change is stored.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Users.UserCredentialsChanged")]
public sealed record UserCredentialsChanged(
    [property: Id(0)] string UserId,
    [property: Id(1)] CredentialsChange Change,
    [property: Id(2)] DateTimeOffset At)
{
    public const string StreamKey = "all";
}
