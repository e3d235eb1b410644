namespace DashboardFactory.Kpis;

/// <summary>Every KPI that ever received data (key "default"), so the command center can list them.</summary>
[Alias("DashboardFactory.Kpis.IKpiDirectoryGrain")]
public interface IKpiDirectoryGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task RegisterAsync(string code);

    /// <summary>KPI codes in ordinal order.</summary>
    [Alias("List")]
    Task<IReadOnlyList<string>> ListAsync();
}
