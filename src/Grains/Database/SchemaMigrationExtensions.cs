using Microsoft.Extensions.Logging;

namespace DashboardFactory.Database;

public static class SchemaMigrationExtensions
{
    /// <summary>
    /// Migrates the database as the very first step of silo start-up, before membership or storage touch
    /// their tables, so a fresh database needs no separate step (the migrate command remains for operators
    /// who prefer to migrate before rolling silos).
    /// </summary>
    public static ISiloBuilder AddSchemaMigrations(this ISiloBuilder silo, string connectionString)
    {
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services =>
            new SchemaMigrationParticipant(connectionString, services.GetRequiredService<ILogger<SchemaMigrationParticipant>>()));
        return silo;
    }
}
