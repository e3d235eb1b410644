using DashboardFactory.Errors;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace DashboardFactory.Users;

/// <summary>Owns one user's profile, role, XP and token hash.</summary>
public sealed partial class UserGrain(
    [PersistentState("user", ProviderNames.Storage)] IPersistentState<UserState> user,
    TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<IssuedUser> CreateAsync(NewUser newUser)
    {
        if (user.State.Exists)
        {
            throw DomainException.Conflict($"User '{Id}' already exists.");
        }

        if (newUser.Xp < 0)
        {
            throw DomainException.Invalid("XP cannot be negative.");
        }

        if (newUser.Role == UserRole.Admin)
        {
            await AdminDirectory.AddAsync(Id);
        }

        var secret = UserToken.NewSecret();
        user.State = new UserState
        {
            Exists = true,
            Name = newUser.Name,
            Role = newUser.Role,
            Xp = newUser.Xp,
            TokenHash = UserToken.Hash(secret),
            CreatedAt = time.GetUtcNow(),
            Email = string.IsNullOrEmpty(newUser.Email) ? null : newUser.Email,
        };
        await user.WriteOrForgetAsync(this);
        return new IssuedUser(Profile(), UserToken.Format(Id, secret));
    }

    public Task<UserProfile?> GetAsync() => Task.FromResult(user.State.Exists ? Profile() : null);

    public async Task<UserProfile> ChangeAsync(UserChange change)
    {
        EnsureExists();
        if (change.Xp is < 0)
        {
            throw DomainException.Invalid("XP cannot be negative.");
        }

        var previousRole = user.State.Role;
        var wasAdmin = previousRole == UserRole.Admin;
        if (change.Role == UserRole.Admin && !wasAdmin)
        {
            await AdminDirectory.AddAsync(Id);
        }

        user.State.Xp = change.Xp ?? user.State.Xp;
        user.State.Role = change.Role ?? user.State.Role;
        if (change.Email is not null)
        {
            user.State.Email = change.Email.Length == 0 ? null : change.Email;
        }

        var roleChanged = change.Role is { } role && role != previousRole;
        if (roleChanged)
        {
            user.State.CredentialsVersion++;
        }

        await user.WriteOrForgetAsync(this);
        if (wasAdmin && user.State.Role != UserRole.Admin)
        {
            await AdminDirectory.RemoveAsync(Id);
        }

        if (roleChanged)
        {
            await PublishAsync(CredentialsChange.RoleChanged);
        }

        return Profile();
    }

    public async Task<UserProfile> AddXpAsync(int amount, string? rewardId)
    {
        EnsureExists();
        if (rewardId is not null)
        {
            if (user.State.Rewards.Contains(rewardId))
            {
                return Profile();
            }

            user.State.Rewards.Add(rewardId);
        }

        user.State.Xp = (int)Math.Clamp((long)user.State.Xp + amount, 0, int.MaxValue);
        await user.WriteOrForgetAsync(this);
        return Profile();
    }

    public async Task<string> IssueTokenAsync()
    {
        EnsureExists();
        var secret = UserToken.NewSecret();
        user.State.TokenHash = UserToken.Hash(secret);
        user.State.CredentialsVersion++;
        await user.WriteOrForgetAsync(this);
        await PublishAsync(CredentialsChange.TokenRotated);
        return UserToken.Format(Id, secret);
    }

    public async Task RevokeTokenAsync()
    {
        EnsureExists();
        if (user.State.TokenHash.Length > 0)
        {
            user.State.TokenHash = string.Empty;
            user.State.CredentialsVersion++;
            await user.WriteOrForgetAsync(this);
        }

        // Published again on a repeated revoke: a node that missed the first close gets a second chance.
        await PublishAsync(CredentialsChange.TokenRevoked);
    }

    /// <summary>
    /// Tells every API node to close this user's open connections. The change is already stored, so a lost message
    /// cannot bring the old token back: it only leaves a connection open until it next authenticates, and the
    /// caller learns of it (the API answers 503 and the admin repeats the call).
    /// </summary>
    private async Task PublishAsync(CredentialsChange change)
    {
        try
        {
            await this.GetStreamProvider(ProviderNames.Streams)
                .GetStream<UserCredentialsChanged>(StreamId.Create(StreamNamespaces.UserCredentials, UserCredentialsChanged.StreamKey))
                .OnNextAsync(new UserCredentialsChanged(Id, change, time.GetUtcNow(), user.State.CredentialsVersion));
        }
        catch (Exception error)
        {
            LogPublishFailed(error, Id, change);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the API nodes that user {UserId}'s credentials changed ({Change})")]
    private partial void LogPublishFailed(Exception error, string userId, CredentialsChange change);

    public Task<AuthenticatedUser?> GetCredentialsAsync() =>
        Task.FromResult(user.State.Exists ? new AuthenticatedUser(Profile(), user.State.CredentialsVersion) : null);

    public Task<AuthenticatedUser?> AuthenticateAsync(string secret) => Task.FromResult(
        user.State.Exists && UserToken.Matches(secret, user.State.TokenHash) ? new AuthenticatedUser(Profile(), user.State.CredentialsVersion) : null);

    private void EnsureExists()
    {
        if (!user.State.Exists)
        {
            throw DomainException.NotFound($"User '{Id}' does not exist.");
        }
    }

    private UserProfile Profile() =>
        new(Id, user.State.Name, user.State.Role, user.State.Xp, user.State.CreatedAt, user.State.Email);

    /// <summary>
    /// Who the admins are, for the rollback e-mail. Joined before the admin is stored and left after the role is
    /// gone, so a crash in between leaves at most a stale entry, which readers drop by checking the role.
    /// </summary>
    private IAdminDirectoryGrain AdminDirectory => GrainFactory.GetGrain<IAdminDirectoryGrain>(IAdminDirectoryGrain.Key);
}
