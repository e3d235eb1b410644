namespace DashboardFactory.Features;

/// <summary>
/// The verdict on a proposed release. A version that is well-formed but not above the latest one is a conflict with
/// the feature's state (409), not a malformed request (422). <see cref="Problems"/> includes the conflict, so a
/// caller can choose whether it outranks the other problems.
/// </summary>
public sealed record ReleaseValidation(IReadOnlyList<KeyValuePair<string, string>> Problems, bool VersionConflict)
{
    public bool IsValid => Problems.Count == 0;

    /// <summary>True when the version conflict is all that is wrong, so resubmitting with a higher version would pass.</summary>
    public bool IsConflictOnly => VersionConflict && Problems.Count == 1;
}
