using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace DashboardFactory.StateReads;

public static class StateReadsExtensions
{
    /// <summary>The "StateReads" settings, validated at start (also where nothing uses them, as in the embedded mode).</summary>
    public static IServiceCollection AddStateReadOptions(this IServiceCollection services)
    {
        services.AddOptions<StateReadOptions>().BindConfiguration(StateReadOptions.Section)
            .Validate(o => o.IsValid(), StateReadOptions.Rule)
            .ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Puts <see cref="BatchedReadGrainStorage"/> in front of the ADO.NET grain storage <paramref name="providerName"/>
    /// (registered before this call). The provider's own registration for the silo lifecycle resolves the storage
    /// by its name, so it now reaches the provider through the wrapper, which passes it on.
    /// </summary>
    public static IServiceCollection AddBatchedStateReads(this IServiceCollection services, string providerName)
    {
        services.AddKeyedSingleton<IGrainStorage>(providerName, (sp, _) =>
        {
            var inner = AdoNetGrainStorageFactory.Create(sp, providerName);
            var options = sp.GetRequiredService<IOptions<StateReadOptions>>().Value;
            if (options.BatchSize <= 1)
            {
                return inner;
            }

            var provider = sp.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(providerName);
            var serviceId = sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
            var rows = new PostgresStateRows(sp.GetRequiredService<NpgsqlDataSource>(), serviceId);
            return new BatchedReadGrainStorage(
                inner, providerName, serviceId, provider.GrainStorageSerializer, provider.HashPicker, sp.GetRequiredService<IActivatorProvider>(),
                rows.ReadAsync, options, sp.GetRequiredService<ILoggerFactory>().CreateLogger<BatchedReadGrainStorage>());
        });
        return services;
    }
}
