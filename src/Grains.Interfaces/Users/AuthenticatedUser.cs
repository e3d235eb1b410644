namespace DashboardFactory.Users;

/// <summary>
/// A user whose token was accepted, with the generation of their credentials at that moment: it grows with every
/// rotation, revocation and role change, so a connection opened after a change is told apart from one opened before
/// it (see <see cref="UserCredentialsChanged.Version"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Users.AuthenticatedUser")]
public sealed record AuthenticatedUser(
    [property: Id(0)] UserProfile Profile,
    [property: Id(1)] long CredentialsVersion);
