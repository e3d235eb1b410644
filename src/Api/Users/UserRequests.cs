namespace DashboardFactory.Api.Users;

/// <summary>Body of POST /api/users. Fields are nullable so a missing one is a validation error, not a crash.</summary>
public sealed record CreateUserRequest(string? Id, string? Name, string? Role, int? Xp, string? Email = null);

/// <summary>Body of PATCH /api/users/{id}: only what is present changes; an empty email removes the address.</summary>
public sealed record ChangeUserRequest(int? Xp, string? Role, string? Email = null);
