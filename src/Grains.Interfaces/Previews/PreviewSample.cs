namespace DashboardFactory.Previews;

/// <summary>One cockpit where the release would meet the operator's own changes; the operator's values would win.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Previews.PreviewSample")]
public sealed record PreviewSample(
    [property: Id(0)] string CockpitId,
    [property: Id(1)] IReadOnlyList<PreviewConflict> Conflicts);
