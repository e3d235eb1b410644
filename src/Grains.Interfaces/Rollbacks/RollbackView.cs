namespace DashboardFactory.Rollbacks;

[GenerateSerializer, Immutable, Alias("DashboardFactory.Rollbacks.RollbackView")]
public sealed record RollbackView(
    [property: Id(0)] string Id,
    [property: Id(1)] string FeatureId,
    [property: Id(2)] RollbackMode Mode,
    [property: Id(3)] string Reason,
    [property: Id(4)] bool Completed,
    [property: Id(5)] int Total,
    [property: Id(6)] int Restored,
    [property: Id(7)] int Skipped,
    [property: Id(8)] int Failed,
    [property: Id(9)] DateTimeOffset StartedAt,
    [property: Id(10)] DateTimeOffset? FinishedAt,
    [property: Id(11)] IReadOnlyDictionary<string, string> Failures);
