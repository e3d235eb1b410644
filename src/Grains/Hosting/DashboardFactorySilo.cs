using System.Net;
using DashboardFactory.Audit;
using DashboardFactory.Campaigns;
using DashboardFactory.Database;
using DashboardFactory.Effects;
using DashboardFactory.Features;
using DashboardFactory.Kpis;
using DashboardFactory.Rollbacks;
using DashboardFactory.Outbox;
using DashboardFactory.Snapshots;
using Npgsql;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;

namespace DashboardFactory.Hosting;

/// <summary>
/// The one place a silo is configured, used by src/Silo, by the API's embedded mode and by test clusters,
/// so all three run the same providers. With a PostgreSQL connection string every provider is ADO.NET;
/// without one everything is in memory (the embedded default).
/// </summary>
public static class DashboardFactorySilo
{
    public const string PostgresInvariant = "Npgsql";

    /// <summary>Clustering, endpoints and every provider, from configuration.</summary>
    public static ISiloBuilder AddDashboardFactorySilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = OrleansHostOptions.From(configuration);
        var postgres = configuration.GetConnectionString("Postgres");
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });

        // Failure detection is an SRE's dial (Orleans:Membership:ProbeTimeout, NumMissedProbesLimit, ...).
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection($"{OrleansHostOptions.Section}:Membership"));

        if (string.IsNullOrWhiteSpace(postgres))
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }
        else
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = postgres;
            });
            if (IPAddress.TryParse(options.AdvertisedIP, out var advertised))
            {
                silo.ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
            }
            else
            {
                silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
            }
        }

        return silo.AddDashboardFactoryProviders(postgres);
    }

    /// <summary>
    /// Storage, reminders and streams, but not clustering: TestingHost clusters bring their own membership
    /// and call this directly.
    /// </summary>
    public static ISiloBuilder AddDashboardFactoryProviders(this ISiloBuilder silo, string? postgres)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<EffectRunner>();
        silo.Services.AddOptions<SnapshotOptions>().BindConfiguration(SnapshotOptions.Section);
        silo.Services.AddOptions<CampaignOptions>().BindConfiguration(CampaignOptions.Section)
            .Validate(o => o.Window > 0 && o.BatchSize > 0 && o.MaxAttempts > 0 && o.EffectiveWaves.All(w => w is > 0 and <= 100) && o.HaltFailureRate is >= 0 and <= 1,
                "Campaigns: Window, BatchSize and MaxAttempts > 0, at least one wave, HaltFailureRate from 0 to 1.")
            .ValidateOnStart();
        silo.Services.AddOptions<RollbackOptions>().BindConfiguration(RollbackOptions.Section)
            .Validate(o => o.Concurrency > 0 && o.MaxAttempts > 0, "Rollbacks: Concurrency and MaxAttempts must be positive.")
            .ValidateOnStart();
        silo.Services.AddOptions<GovernanceOptions>().BindConfiguration(GovernanceOptions.Section)
            .Validate(o => o.Quorum >= 1 && o.ApprovedPercent is > 0 and <= 100 && o.FoundationalPercent >= o.ApprovedPercent && o.FoundationalPercent <= 100,
                "Governance: Quorum >= 1 and 0 < ApprovedPercent <= FoundationalPercent <= 100.")
            .ValidateOnStart();
        silo.Services.AddKpis(postgres);
        silo.AddKpiStreams();
        silo.AddStartupTask((services, _) =>
            services.GetRequiredService<IGrainFactory>().GetGrain<ISnapshotRetentionGrain>("default").EnsureScheduledAsync());
        if (string.IsNullOrWhiteSpace(postgres))
        {
            silo.Services.TryAddSingleton<ISnapshotStore>(MemorySnapshotStore.Shared);
            silo.Services.TryAddSingleton<IAuditLog>(MemoryAuditLog.Shared);
            silo.Services.TryAddSingleton<IOutbox>(MemoryOutbox.Shared);
            silo.AddMemoryGrainStorage(ProviderNames.Storage);
            silo.AddMemoryGrainStorage(ProviderNames.PubSubStore);
            silo.UseInMemoryReminderService();
        }
        else
        {
            silo.AddAdoNetGrainStorage(ProviderNames.Storage, o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = postgres;
            });
            silo.AddAdoNetGrainStorage(ProviderNames.PubSubStore, o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = postgres;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = postgres;
            });
            silo.AddSchemaMigrations(postgres);
            silo.Services.TryAddSingleton(_ => NpgsqlDataSource.Create(postgres));
            silo.Services.TryAddSingleton<ISnapshotStore, PostgresSnapshotStore>();
            silo.Services.TryAddSingleton<IAuditLog, PostgresAuditLog>();
            silo.Services.TryAddSingleton<IOutbox, PostgresOutbox>();
        }

        silo.AddMemoryStreams(ProviderNames.Streams);
        return silo;
    }
}
