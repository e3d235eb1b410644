namespace DashboardFactory.Cockpits;

/// <summary>The rendered page, or only its ETag when the caller already has those bytes (Html is null then).</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.RenderedCockpit")]
public sealed record RenderedCockpit(
    [property: Id(0)] string ETag,
    [property: Id(1)] string? Html,
    [property: Id(2)] string OwnerId);
