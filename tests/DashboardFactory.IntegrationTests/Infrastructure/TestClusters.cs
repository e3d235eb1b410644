using DashboardFactory.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace DashboardFactory.IntegrationTests.Infrastructure;

/// <summary>Builds TestingHost clusters with exactly the providers the product's silos use.</summary>
public static class TestClusters
{
    /// <summary>
    /// <paramref name="postgres"/> null: in-memory storage, reminders and streams (the embedded default);
    /// otherwise ADO.NET storage and reminders on that database, migrated by the silos as in production.
    /// <paramref name="silo"/> adds to each silo what a test needs to observe it (a grain call filter, say).
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(
        short silos, string? postgres, string? serviceId = null, IReadOnlyDictionary<string, string?>? settings = null, Action<Orleans.Hosting.ISiloBuilder>? silo = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }

        if (settings is not null)
        {
            builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(settings));
        }

        builder.ConfigureSilo((_, siloBuilder) =>
        {
            siloBuilder.AddDashboardFactoryProviders(postgres);
            silo?.Invoke(siloBuilder);
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(ProviderNames.Streams));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
