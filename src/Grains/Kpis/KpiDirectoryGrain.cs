using Orleans.Concurrency;

namespace DashboardFactory.Kpis;

/// <summary>
/// Owns the list of KPI codes that have data. Each KPI registers once per activation, so this grain sees a
/// call per KPI per activation, not per point; registrations that arrive together share one write.
/// </summary>
[Reentrant]
public sealed class KpiDirectoryGrain(
    [PersistentState("kpi-directory", ProviderNames.Storage)] IPersistentState<KpiDirectoryState> directory) : Grain, IKpiDirectoryGrain
{
    private SortedSet<string> _codes = new(StringComparer.Ordinal);
    private GroupCommit? _commit;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _codes = new SortedSet<string>(directory.State.Codes, StringComparer.Ordinal);
        _commit = new GroupCommit(() =>
        {
            directory.State = new KpiDirectoryState { Codes = new SortedSet<string>(_codes, StringComparer.Ordinal) };
            return directory.WriteStateAsync();
        });
        return Task.CompletedTask;
    }

    public Task RegisterAsync(string code) => _codes.Add(code) ? _commit!.CommitAsync() : Task.CompletedTask;

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. _codes]);
}
