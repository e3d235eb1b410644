namespace DashboardFactory.Users;

/// <summary>A user as others may see it. Never carries the token or its hash.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Users.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] UserRole Role,
    [property: Id(3)] int Xp,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string? Email = null);
