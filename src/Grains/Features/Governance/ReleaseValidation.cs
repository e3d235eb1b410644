using DashboardFactory.Errors;

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

    /// <summary>The error to answer with (409 for the version conflict, 422 otherwise), every problem listed; null when valid.</summary>
    public DomainException? Error(string featureId, string version, string? latest)
    {
        if (IsValid)
        {
            return null;
        }

        var errors = Problems.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Select(p => p.Value).ToArray());
        return VersionConflict
            ? new DomainException(DomainErrorKind.Conflict, $"Version {version} of '{featureId}' is not above the latest ({latest}).", errors)
            : new DomainException(DomainErrorKind.Unprocessable, $"Release {version} of '{featureId}' cannot be accepted.", errors);
    }
}
