namespace DashboardFactory.Api.RealTime;

/// <summary>
/// What one reconciliation of a feed must do (<see cref="KpiLeaseBook.Plan"/>): the count to lease, whether to call the
/// grain (a take, a change, a renewal or a release), and whether the node just started receiving the feed.
/// </summary>
public readonly record struct KpiLeaseStep(int Count, bool Call, bool StartedReceiving);
