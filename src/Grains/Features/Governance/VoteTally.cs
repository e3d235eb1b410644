namespace DashboardFactory.Features;

/// <summary>Turns votes into a <see cref="Tally"/> and a tally into a <see cref="FeatureStage"/>.</summary>
public static class VoteTally
{
    /// <summary>
    /// One vote per voter (the latest by <see cref="Vote.At"/>; on equal times the later in sequence, so a re-vote
    /// stored in the same tick still replaces the earlier one), weighted by the XP the voter had when voting.
    /// </summary>
    public static Tally Count(IEnumerable<Vote> votes)
    {
        ArgumentNullException.ThrowIfNull(votes);

        var latest = new Dictionary<string, Vote>(StringComparer.Ordinal);
        foreach (var vote in votes)
        {
            if (vote?.VoterId is null)
            {
                throw new ArgumentException("Votes and their voter ids may not be null.", nameof(votes));
            }

            if (!latest.TryGetValue(vote.VoterId, out var earlier) || vote.At >= earlier.At)
            {
                latest[vote.VoterId] = vote;
            }
        }

        long xpCast = 0;
        long xpApproving = 0;
        foreach (var vote in latest.Values)
        {
            // A negative XP would let a "yes" lower the approval and a "no" raise it.
            var weight = Math.Max(vote.Xp, 0);
            xpCast += weight;
            xpApproving += vote.Approve ? weight : 0;
        }

        return new Tally(ApprovalPercent(xpApproving, xpCast), latest.Count, xpCast, xpApproving);
    }

    /// <summary>
    /// The stage the tally earns. Only deprecation is sticky; approval is re-judged on every tally, so a feature whose
    /// support falls drops back down. The rounded percent is compared, so the stage agrees with the number users see.
    /// </summary>
    public static FeatureStage StageFor(FeatureStage current, Tally tally, GovernanceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(settings);

        if (current == FeatureStage.Deprecated)
        {
            return FeatureStage.Deprecated;
        }

        if (tally.VotesCast < settings.Quorum)
        {
            return FeatureStage.Experimental;
        }

        return tally.ApprovalPercent >= settings.FoundationalPercent ? FeatureStage.Foundational
            : tally.ApprovalPercent >= settings.ApprovedPercent ? FeatureStage.Approved
            : FeatureStage.Experimental;
    }

    // Decimal, so that e.g. 6600 of 10000 XP is exactly 66.00 and not 65.99999999999999.
    private static double ApprovalPercent(long xpApproving, long xpCast) =>
        xpCast == 0 ? 0 : (double)Math.Round(100m * xpApproving / xpCast, 2, MidpointRounding.AwayFromZero);
}
