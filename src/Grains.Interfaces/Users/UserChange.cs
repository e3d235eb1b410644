namespace DashboardFactory.Users;

/// <summary>A partial update by an admin; null leaves a field as it is, and an empty Email removes the address.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Users.UserChange")]
public sealed record UserChange(
    [property: Id(0)] int? Xp,
    [property: Id(1)] UserRole? Role,
    [property: Id(2)] string? Email = null);
