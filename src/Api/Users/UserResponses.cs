using DashboardFactory.Api.Auth;
using DashboardFactory.Users;

namespace DashboardFactory.Api.Users;

public sealed record UserResponse(string Id, string Name, string Role, int Xp, string? Email = null)
{
    public static UserResponse From(UserProfile profile) =>
        new(profile.Id, profile.Name, Roles.ToWire(profile.Role), profile.Xp, profile.Email);
}

/// <summary>A user with a token: answered only on creation and on token rotation.</summary>
public sealed record UserWithTokenResponse(string Id, string Name, string Role, int Xp, string? Email, string Token)
{
    public static UserWithTokenResponse From(UserProfile profile, string token) =>
        new(profile.Id, profile.Name, Roles.ToWire(profile.Role), profile.Xp, profile.Email, token);
}

public sealed record TokenResponse(string Id, string Token);
