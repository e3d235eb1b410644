using System.Security.Claims;
using DashboardFactory.Api.Access;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.Errors;
using DashboardFactory.Api.OpenApi;
using DashboardFactory.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DashboardFactory.Api.Users;

public static class UsersApi
{
    private const int MaxNameLength = 200;

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization();
        users.MapPost("/", CreateAsync).RequireAuthorization(Roles.AdminPolicy).WithProblems(StatusCodes.Status409Conflict);
        users.MapGet("/{id}", GetAsync).WithProblems(StatusCodes.Status403Forbidden);
        users.MapPatch("/{id}", ChangeAsync).RequireAuthorization(Roles.AdminPolicy).WithProblems(StatusCodes.Status404NotFound);
        users.MapPost("/{id}/token", IssueTokenAsync).WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        users.MapDelete("/{id}/token", RevokeTokenAsync).WithProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)
            .WithSummary("Revokes the user's token: it stops working at once and the connections opened with it close.");
        app.MapGet("/api/me", MeAsync).WithTags("Users").RequireAuthorization();
        return app;
    }

    public static async Task<Results<Created<UserWithTokenResponse>, ValidationProblem>> CreateAsync(
        CreateUserRequest request, IGrainFactory grains, TokenSeal seal)
    {
        var validation = new Validation()
            .Id("id", request.Id)
            .Require(!ReservedUserIds.IsReserved(request.Id), "id", $"'{request.Id}' is reserved for the bootstrap admin.")
            .Require(!string.IsNullOrWhiteSpace(request.Name) && request.Name.Length <= MaxNameLength, "name", $"Required, at most {MaxNameLength} characters.")
            .Require(Roles.TryParse(request.Role, out var role), "role", "Must be one of operator, optimizer, admin.")
            .Require(request.Xp is null or >= 0, "xp", "Must be zero or more.")
            .Require(request.Email is null || EmailAddresses.IsValid(request.Email), "email", EmailAddresses.Rule);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors, title: "The request is not valid.");
        }

        var issued = await grains.GetGrain<IUserGrain>(request.Id!).CreateAsync(new NewUser(request.Name!.Trim(), role, request.Xp ?? 0, request.Email));
        return TypedResults.Created($"/api/users/{issued.Profile.Id}", UserWithTokenResponse.From(issued.Profile, seal.Seal(issued.Token)));
    }

    /// <summary>A user record is for that user and admins (<see cref="AccessPolicy"/>); anyone else gets 403.</summary>
    public static async Task<Results<Ok<UserResponse>, NotFound, ForbidHttpResult, ValidationProblem>> GetAsync(
        string id, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var validation = new Validation().Id("id", id);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        if (!AccessPolicy.MayReadUser(caller, id))
        {
            return TypedResults.Forbid();
        }

        var profile = await grains.GetGrain<IUserGrain>(id).GetAsync();
        return profile is null ? TypedResults.NotFound() : TypedResults.Ok(UserResponse.From(profile));
    }

    public static async Task<Results<Ok<UserResponse>, ValidationProblem>> ChangeAsync(
        string id, ChangeUserRequest request, IGrainFactory grains)
    {
        UserRole? role = null;
        var validation = new Validation()
            .Id("id", id)
            .Require(request.Xp is null or >= 0, "xp", "Must be zero or more.")
            .Require(request.Role is null || Roles.TryParse(request.Role, out _), "role", "Must be one of operator, optimizer, admin.")
            .Require(request.Email is null || request.Email.Length == 0 || EmailAddresses.IsValid(request.Email), "email", EmailAddresses.Rule + " An empty string removes the address.");
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        if (Roles.TryParse(request.Role, out var parsed))
        {
            role = parsed;
        }

        var profile = await grains.GetGrain<IUserGrain>(id).ChangeAsync(new UserChange(request.Xp, role, request.Email));
        return TypedResults.Ok(UserResponse.From(profile));
    }

    /// <summary>Rotates a token: the user for themselves, or an admin for anyone (e.g. demo users).</summary>
    public static async Task<Results<Ok<TokenResponse>, ForbidHttpResult, ValidationProblem>> IssueTokenAsync(
        string id, ClaimsPrincipal caller, IGrainFactory grains, TokenSeal seal)
    {
        var validation = new Validation().Id("id", id);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        if (!caller.IsSelfOrAdmin(id))
        {
            return TypedResults.Forbid();
        }

        var token = await grains.GetGrain<IUserGrain>(id).IssueTokenAsync();
        return TypedResults.Ok(new TokenResponse(id, seal.Seal(token)));
    }

    /// <summary>Revokes a token: the user for themselves (signing out everywhere), or an admin for anyone.</summary>
    public static async Task<Results<NoContent, ForbidHttpResult, ValidationProblem>> RevokeTokenAsync(
        string id, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var validation = new Validation().Id("id", id);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        if (!caller.IsSelfOrAdmin(id))
        {
            return TypedResults.Forbid();
        }

        await grains.GetGrain<IUserGrain>(id).RevokeTokenAsync();
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<UserResponse>, NotFound>> MeAsync(ClaimsPrincipal caller, IGrainFactory grains)
    {
        if (caller.CallerId() == BearerTokenHandler.AdminId && caller.IsAdmin())
        {
            var admin = await grains.GetGrain<IUserGrain>(BearerTokenHandler.AdminId).GetAsync();
            return TypedResults.Ok(admin is null ? new UserResponse(BearerTokenHandler.AdminId, "Administrator", Roles.Admin, 0) : UserResponse.From(admin));
        }

        var profile = await grains.GetGrain<IUserGrain>(caller.CallerId()).GetAsync();
        return profile is null ? TypedResults.NotFound() : TypedResults.Ok(UserResponse.From(profile));
    }
}
