namespace DashboardFactory.Previews;

/// <summary>
/// What a release would do to the fleet. <see cref="Total"/> counts every cockpit looked at: the clean and
/// conflicting ones are those the rollout would change, the skipped ones (by reason) those it would leave
/// alone, <see cref="Failed"/> those that could not answer. <see cref="Conflicts"/> sums the conflicting
/// properties, as a campaign's conflicts counter does; <see cref="Samples"/> holds at most 20 conflicting
/// cockpits, lowest ids first.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Previews.ReleasePreview")]
public sealed record ReleasePreview(
    [property: Id(0)] int Total,
    [property: Id(1)] int Targeted,
    [property: Id(2)] int Clean,
    [property: Id(3)] int Conflicting,
    [property: Id(4)] int Conflicts,
    [property: Id(5)] int Failed,
    [property: Id(6)] IReadOnlyDictionary<string, int> Skipped,
    [property: Id(7)] IReadOnlyList<PreviewSample> Samples)
{
    public const int MaxSamples = 20;
}
