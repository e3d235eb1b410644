using DashboardFactory.Effects;

namespace DashboardFactory.Features;

[GenerateSerializer, Alias("DashboardFactory.Features.FeatureState")]
public sealed class FeatureState
{
    [Id(0)] public bool Exists { get; set; }

    [Id(1)] public string Name { get; set; } = string.Empty;

    [Id(2)] public string Description { get; set; } = string.Empty;

    [Id(3)] public string AuthorId { get; set; } = string.Empty;

    [Id(4)] public FeatureStage Stage { get; set; }

    [Id(5)] public List<ReleaseRecord> Releases { get; set; } = [];

    [Id(6)] public Dictionary<string, Vote> Votes { get; set; } = new(StringComparer.Ordinal);

    [Id(7)] public List<string> Campaigns { get; set; } = [];

    [Id(8)] public DateTimeOffset CreatedAt { get; set; }

    [Id(9)] public string? DeprecationNotice { get; set; }

    /// <summary>Rewards are paid once per transition, however often the tally crosses the line.</summary>
    [Id(10)] public bool RewardedApproved { get; set; }

    [Id(11)] public bool RewardedFoundational { get; set; }

    [Id(12)] public List<PendingEffect> PendingEffects { get; set; } = [];

    /// <summary>Whether an admin set the owner; until then the author owns the feature.</summary>
    [Id(13)] public bool OwnerAssigned { get; set; }

    /// <summary>The owner an admin set; null with <see cref="OwnerAssigned"/> means nobody.</summary>
    [Id(14)] public string? Owner { get; set; }

    /// <summary>The cohorts rollouts target when a release names none (empty: every cockpit).</summary>
    [Id(15)] public List<string> Cohorts { get; set; } = [];

    /// <summary>The author, until an admin names someone else (or nobody).</summary>
    public string? EffectiveOwner => OwnerAssigned ? Owner : AuthorId;

    public Tally CurrentTally() => VoteTally.Count(Votes.Values);

    public FeatureView View(string id, GovernanceSettings settings) => new(
        id,
        Name,
        Description,
        AuthorId,
        Stage,
        [.. Releases.Select((r, i) => new ReleaseView(r, FeatureReleases.MayPropagate(this, i)))],
        CurrentTally(),
        Campaigns,
        CreatedAt,
        DeprecationNotice,
        EffectiveOwner,
        Cohorts,
        [.. Votes.Values.OrderBy(v => v.At)],
        settings);

    /// <summary>What the registry keeps of the feature.</summary>
    public FeatureSummary Summary(string id)
    {
        var latest = Releases.LastOrDefault();
        return new(
            id, Name, Stage, AuthorId, latest?.Spec.Dependencies ?? [], latest?.Spec.Version, FeatureReleases.LatestPropagatable(id, this)?.Release,
            EffectiveOwner, [.. Cohorts], FeatureReleases.PendingApproval(this), latest is null ? [] : WidgetKpis.Of(latest.Spec.Widget.ConfigJson),
            DeprecationNotice, OwnerAssigned);
    }
}
