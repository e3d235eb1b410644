using DashboardFactory.Cockpits;

namespace DashboardFactory.Rollbacks;

/// <summary>How a rollback's targets move, as plain functions: which to revert next, and what each attempt makes of one.</summary>
public static class RollbackTargets
{
    public const string Restored = "restored";
    public const string Skipped = "skipped";
    public const string Failed = "failed";

    /// <summary>Up to <paramref name="concurrency"/> cockpits still to revert.</summary>
    public static IReadOnlyList<string> NextBatch(RollbackState state, int concurrency) =>
        [.. state.Targets.Where(t => t.Value.Outcome is null).Take(concurrency).Select(t => t.Key)];

    /// <summary>
    /// What a cockpit's answer comes to. Targets had the feature when they were chosen, so one without it now lost it
    /// to an earlier attempt whose record was lost in a crash: that counts as restored, like a change made now.
    /// </summary>
    public static string OutcomeOf(UpdateResult result) =>
        result.Outcome == UpdateOutcome.Applied || result.Code == UpdateCode.NotInstalled ? Restored : Skipped;

    /// <summary>One attempt: its outcome, or (null: the call failed) another try, until the last attempt fails the target.</summary>
    public static void Attempted(RollbackTarget target, string? outcome, string? reason, int maxAttempts)
    {
        target.Attempts++;
        target.Reason = reason;
        target.Outcome = outcome ?? (target.Attempts >= maxAttempts ? Failed : null);
    }
}
