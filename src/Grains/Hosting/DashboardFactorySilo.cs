using System.Net;
using DashboardFactory.Audit;
using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using DashboardFactory.Database;
using DashboardFactory.Effects;
using DashboardFactory.Features;
using DashboardFactory.Kpis;
using DashboardFactory.Limits;
using DashboardFactory.Mail;
using DashboardFactory.Rollbacks;
using DashboardFactory.Ops;
using DashboardFactory.Previews;
using DashboardFactory.Rendering;
using DashboardFactory.Snapshots;
using DashboardFactory.StateReads;
using DashboardFactory.Webhooks;
using Npgsql;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Storage;
using Orleans.Streams;

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

        // Grain calls carry the caller's trace context (API -> grain -> PostgreSQL is one trace); activities are
        // only created while a listener (OpenTelemetry with an exporter) is there.
        silo.AddActivityPropagation();
        if (OrleansDashboardSettings.From(configuration).Enabled)
        {
            silo.AddDashboard();
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
        silo.AddDatabaseFaultTranslation();
        silo.AddIncomingGrainCallFilter<Telemetry.KpiIngestMetricsFilter>();
        silo.Services.TryAddSingleton<EffectRunner>();
        silo.Services.TryAddSingleton<CockpitPushLinks>();
        silo.Services.AddOptions<SnapshotOptions>().BindConfiguration(SnapshotOptions.Section);
        silo.Services.AddRenderingOptions();
        silo.Services.AddLimitsOptions();
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
        silo.Services.AddOptions<PreviewOptions>().BindConfiguration(PreviewOptions.Section)
            .Validate(o => o.ConcurrencyPerShard is > 0 and <= 1024, "Previews:ConcurrencyPerShard must be from 1 to 1024.")
            .ValidateOnStart();
        silo.Services.AddStateReadOptions();
        silo.Services.AddKpis(postgres);
        silo.AddKpiStreams();
        silo.AddStartupTask((services, _) =>
            services.GetRequiredService<IGrainFactory>().GetGrain<ISnapshotRetentionGrain>("default").EnsureScheduledAsync());
        if (string.IsNullOrWhiteSpace(postgres))
        {
            silo.Services.TryAddSingleton<ISnapshotStore>(MemorySnapshotStore.Shared);
            silo.Services.TryAddSingleton<IAuditLog>(sp => MemoryAuditLog.For(sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId));
            silo.Services.TryAddSingleton<ISchemaHistoryReader, MemorySchemaHistoryReader>();
            silo.AddMemoryGrainStorage(ProviderNames.Storage);
            silo.AddMemoryGrainStorage(ProviderNames.PubSubStore);
            silo.UseInMemoryReminderService();
        }
        else
        {
            var providers = ForProviders(postgres);
            silo.Services.AddAdoNetGrainStorage(ProviderNames.Storage, BinaryStateIn(providers));
            silo.Services.AddBatchedStateReads(ProviderNames.Storage);
            silo.Services.AddAdoNetGrainStorage(ProviderNames.PubSubStore, BinaryStateIn(providers));
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = providers;
            });
            silo.AddSchemaMigrations(postgres);
            silo.Services.TryAddSingleton(_ => NpgsqlDataSource.Create(providers));
            silo.Services.TryAddSingleton<ISnapshotStore, PostgresSnapshotStore>();
            silo.Services.TryAddSingleton<IAuditLog, PostgresAuditLog>();
            silo.Services.TryAddSingleton<ISchemaHistoryReader, PostgresSchemaHistoryReader>();
        }

        silo.AddDashboardFactoryMail(postgres);
        silo.AddMemoryStreams(ProviderNames.Streams);
        silo.AddWebhooks(postgres);
        return silo;
    }

    /// <summary>At most this many connections per silo and pool, unless the connection string sets Maximum Pool Size.</summary>
    public const int DefaultMaxPoolSize = 16;

    /// <summary>
    /// The connection string the silo's database clients use: the same database, with two defaults changed.
    /// Pooled connections are not reset with DISCARD ALL when returned: nothing here keeps session state, and
    /// the reset also dropped the cached plans of the storage function, so every write was planned again.
    /// The pool is capped at <see cref="DefaultMaxPoolSize"/> (Npgsql's default is 100): measured on the rollout
    /// benchmark, 100 busy backends on a 2-core database server cost 0.79 ms of PostgreSQL CPU per cockpit and
    /// 16 cost 0.46 ms, at a higher rate. A Maximum Pool Size in the connection string wins.
    /// </summary>
    public static string ForProviders(string postgres)
    {
        var builder = new NpgsqlConnectionStringBuilder(postgres) { NoResetOnClose = true };
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = postgres };
        var poolSizeGiven = given.Keys.Cast<string>()
            .Select(k => k.Replace(" ", string.Empty, StringComparison.Ordinal))
            .Any(k => k.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase) || k.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase));
        if (!poolSizeGiven)
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Grain state stored with the Orleans binary serializer instead of the providers' default JSON (Newtonsoft
    /// with type names): state types are [GenerateSerializer] records with stable [Id]s, so the format is
    /// version tolerant, several times cheaper to produce, and smaller. Measured on the rollout benchmark, JSON
    /// serialization was the largest single CPU cost in the silo.
    /// </summary>
    private static Action<OptionsBuilder<AdoNetGrainStorageOptions>> BinaryStateIn(string connectionString) => options => options
        .Configure(o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = connectionString;
        })
        .Configure<IServiceProvider>((o, services) =>
            o.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services));
}
