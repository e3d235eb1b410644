using Orleans.Concurrency;
using Orleans.Storage;

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
        _commit = new GroupCommit(WriteAsync);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The list only grows, so a write that lost a race with another activation (e.g. a second cluster on the
    /// same database) merges what is stored and tries again instead of failing the KPI that registered.
    /// </summary>
    private async Task WriteAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            directory.State = new KpiDirectoryState { Codes = new SortedSet<string>(_codes, StringComparer.Ordinal) };
            try
            {
                await directory.WriteStateAsync();
                return;
            }
            catch (InconsistentStateException) when (attempt < 3)
            {
                await directory.ReadStateAsync();
                _codes.UnionWith(directory.State.Codes);
            }
        }
    }

    public Task RegisterAsync(string code) => _codes.Add(code) ? _commit!.CommitAsync() : Task.CompletedTask;

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. _codes]);
}
