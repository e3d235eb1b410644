namespace DashboardFactory.Rollbacks;

/// <summary>One mass rollback of one feature (key: rollback id): affected cockpits and each one's status.</summary>
[Alias("DashboardFactory.Rollbacks.IRollbackGrain")]
public interface IRollbackGrain : IGrainWithStringKey
{
    /// <summary>Deprecates the feature, finds the cockpits that have it and starts taking it off; returns at once.</summary>
    [Alias("Start")]
    Task<RollbackView> StartAsync(string featureId, string reason, RollbackMode mode, string actor);

    [Alias("Get")]
    Task<RollbackView?> GetAsync();
}
