namespace DashboardFactory.Cockpits;

/// <summary>
/// What applying or removing a feature did to one cockpit; conflicts are JSON paths, never dropped. <see cref="Code"/>
/// is the outcome to decide on; <see cref="Reason"/> only tells people about it.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.UpdateResult")]
public sealed record UpdateResult(
    [property: Id(0)] UpdateCode Code,
    [property: Id(1)] string? Reason,
    [property: Id(2)] IReadOnlyList<string> Conflicts,
    [property: Id(3)] string Version,
    [property: Id(4)] string? SnapshotId)
{
    /// <summary>Applied, skipped or failed: what <see cref="Code"/> comes to.</summary>
    public UpdateOutcome Outcome => Code switch
    {
        UpdateCode.Installed or UpdateCode.Removed or UpdateCode.Restored => UpdateOutcome.Applied,
        UpdateCode.Failed => UpdateOutcome.Failed,
        _ => UpdateOutcome.Skipped,
    };

    public static UpdateResult Skipped(UpdateCode code, string reason, string version) => new(code, reason, [], version, null);

    public static UpdateResult Failed(string reason, string version) => new(UpdateCode.Failed, reason, [], version, null);
}
