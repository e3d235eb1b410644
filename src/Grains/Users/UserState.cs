namespace DashboardFactory.Users;

[GenerateSerializer, Alias("DashboardFactory.Users.UserState")]
public sealed class UserState
{
    [Id(0)] public bool Exists { get; set; }

    [Id(1)] public string Name { get; set; } = string.Empty;

    [Id(2)] public UserRole Role { get; set; }

    [Id(3)] public int Xp { get; set; }

    /// <summary>Hex SHA-256 of the token secret; the secret itself is never stored or logged.</summary>
    [Id(4)] public string TokenHash { get; set; } = string.Empty;

    [Id(5)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Ids of the rewards already paid (one per feature and stage, so it stays small).</summary>
    [Id(6)] public HashSet<string> Rewards { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where rollback e-mails go; null: none.</summary>
    [Id(7)] public string? Email { get; set; }

    /// <summary>Grows with every token rotation, revocation and role change (see <see cref="AuthenticatedUser"/>).</summary>
    [Id(8)] public long CredentialsVersion { get; set; }
}
