namespace DashboardFactory.Users;

/// <summary>What made a user's open connections stale: their token changed or went, or their role changed.</summary>
public enum CredentialsChange
{
    TokenRotated,
    TokenRevoked,
    RoleChanged,
}

/// <summary>
/// Published on <see cref="StreamNamespaces.UserCredentials"/> after the change is stored. <see cref="Version"/> is the
/// user's credentials generation after the change: connections that authenticated at an older generation close, and
/// one that authenticated at this generation or later (with the new token, under the new role) stays open even
/// when the message reaches its node after it connected.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Users.UserCredentialsChanged")]
public sealed record UserCredentialsChanged(
    [property: Id(0)] string UserId,
    [property: Id(1)] CredentialsChange Change,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] long Version)
{
    public const string StreamKey = "all";
}
