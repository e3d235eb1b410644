using Microsoft.Extensions.Logging;

namespace DashboardFactory.Database;

internal sealed partial class SchemaMigrationParticipant(string connectionString, ILogger<SchemaMigrationParticipant> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaMigrationParticipant), ServiceLifecycleStage.First, MigrateAsync);

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var report = await SchemaMigrator.MigrateAsync(connectionString, cancellationToken);
        foreach (var migration in report.Applied)
        {
            LogApplied(migration.Version, migration.Name);
        }

        LogDone(report.Applied.Count, report.AlreadyApplied);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version}_{Name}")]
    private partial void LogApplied(string version, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema is current: {Applied} migrations applied now, {AlreadyApplied} already present")]
    private partial void LogDone(int applied, int alreadyApplied);
}
