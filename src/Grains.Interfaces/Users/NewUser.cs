namespace DashboardFactory.Users;

/// <summary>What it takes to create a user; the id is the grain key.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Users.NewUser")]
public sealed record NewUser(
    [property: Id(0)] string Name,
    [property: Id(1)] UserRole Role,
    [property: Id(2)] int Xp,
    [property: Id(3)] string? Email = null);
