namespace DashboardFactory.Kpis;

/// <summary>A parsed POST body: the points that may go to the grain (with their index in the body) and those refused.</summary>
public sealed record KpiBatch(IReadOnlyList<(int Index, KpiPoint Point)> Points, IReadOnlyList<KpiRejection> Rejections);
