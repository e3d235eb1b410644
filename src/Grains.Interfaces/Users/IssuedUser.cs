namespace DashboardFactory.Users;

/// <summary>A user together with a freshly issued bearer token: the only time the token is ever visible.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Users.IssuedUser")]
public sealed record IssuedUser(
    [property: Id(0)] UserProfile Profile,
    [property: Id(1)] string Token);
