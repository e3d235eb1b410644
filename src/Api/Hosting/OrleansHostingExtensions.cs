using DashboardFactory.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace DashboardFactory.Api.Hosting;

public static class OrleansHostingExtensions
{
    /// <summary>
    /// Embedded (default): this process is also a silo, in memory unless PostgreSQL is configured.
    /// Client: this process is an Orleans client of silos found through the PostgreSQL membership table.
    /// </summary>
    public static WebApplicationBuilder AddDashboardFactoryOrleans(this WebApplicationBuilder builder)
    {
        var options = OrleansHostOptions.From(builder.Configuration);
        builder.Services.TryAddSingleton(TimeProvider.System);
        if (options.Mode == OrleansMode.Embedded)
        {
            builder.UseOrleans(silo => silo.AddDashboardFactorySilo(builder.Configuration));
            return builder;
        }

        var postgres = builder.Configuration.GetConnectionString("Postgres");
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            if (string.IsNullOrWhiteSpace(postgres))
            {
                client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
            }
            else
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = DashboardFactorySilo.PostgresInvariant;
                    o.ConnectionString = postgres;
                });
            }

            client.UseConnectionRetryFilter<SiloConnectionRetryFilter>();
            client.AddActivityPropagation();
            if (OrleansDashboardSettings.From(builder.Configuration).Enabled)
            {
                client.AddDashboard();
            }

            client.AddMemoryStreams(ProviderNames.Streams);
        });
        return builder;
    }
}
