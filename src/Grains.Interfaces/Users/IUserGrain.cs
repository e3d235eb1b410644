namespace DashboardFactory.Users;

/// <summary>One user, keyed by user id: profile, role, XP and the hash of their bearer token.</summary>
[Alias("DashboardFactory.Users.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user and issues a token. Throws <see cref="Errors.DomainException"/> (conflict) when it exists.</summary>
    [Alias("Create")]
    Task<IssuedUser> CreateAsync(NewUser user);

    /// <summary>The profile, or null when no such user exists.</summary>
    [Alias("Get")]
    Task<UserProfile?> GetAsync();

    [Alias("Change")]
    Task<UserProfile> ChangeAsync(UserChange change);

    /// <summary>
    /// Adds (or with a negative amount, takes) XP atomically, never below zero. A <paramref name="rewardId"/>
    /// seen before adds nothing, so a retried reward is paid once.
    /// </summary>
    [Alias("AddXp")]
    Task<UserProfile> AddXpAsync(int amount, string? rewardId);

    /// <summary>Replaces the user's token; the old one stops working at once and its open connections close.</summary>
    [Alias("IssueToken")]
    Task<string> IssueTokenAsync();

    /// <summary>
    /// Takes the user's token away: no token works until an admin (or nobody: the user cannot, having none) issues a
    /// new one. Open connections that authenticated with it are closed (see <see cref="UserCredentialsChanged"/>).
    /// </summary>
    [Alias("RevokeToken")]
    Task RevokeTokenAsync();

    /// <summary>The user with their current credentials generation, or null when there is no such user.</summary>
    [Alias("GetCredentials")]
    Task<AuthenticatedUser?> GetCredentialsAsync();

    /// <summary>The user when <paramref name="secret"/> is this user's current token secret, else null.</summary>
    [Alias("Authenticate")]
    Task<AuthenticatedUser?> AuthenticateAsync(string secret);
}
