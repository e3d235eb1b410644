namespace DashboardFactory.Kpis;

/// <summary>
/// Events a resuming SSE client missed, oldest first. <see cref="Complete"/> is false when the bounded buffer no
/// longer reaches back to the client's last id; the events still end with the current value, which supersedes
/// the live updates that were dropped.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Kpis.KpiReplay")]
public sealed record KpiReplay(
    [property: Id(0)] IReadOnlyList<KpiStreamEvent> Events,
    [property: Id(1)] bool Complete);
