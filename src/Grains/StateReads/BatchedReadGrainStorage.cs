using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace DashboardFactory.StateReads;

/// <summary>
/// The ADO.NET grain storage with its reads batched: activations that start together (a cold release preview's
/// fan-out, a rollout's wave) have their states read by a few statements instead of one each. A read is still made
/// after its activation asked for it, never ahead, so it sees every write committed before it, exactly like the
/// provider's own read; the ETag is the row's version as the provider gives it, so later writes keep their optimistic
/// concurrency. Writes and clears go to the provider untouched. A batch that fails (or a key with two rows) is read
/// by the provider alone, so a batching fault costs time, never a wrong or a missing state.
/// </summary>
public sealed partial class BatchedReadGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly IGrainStorage _inner;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IStorageHasherPicker _hashes;
    private readonly IActivatorProvider _activators;
    private readonly string _serviceId;
    private readonly string _providerName;
    private readonly ReadBatcher<StateKey, StoredState> _batcher;
    private readonly ILogger _logger;

    public BatchedReadGrainStorage(
        IGrainStorage inner, string providerName, string serviceId, IGrainStorageSerializer serializer, IStorageHasherPicker hashes,
        IActivatorProvider activators, Func<IReadOnlyList<StateKey>, Task<IReadOnlyList<StoredState>>> readMany, StateReadOptions options, ILogger logger)
    {
        _inner = inner;
        _providerName = providerName;
        _serviceId = serviceId;
        _serializer = serializer;
        _hashes = hashes;
        _activators = activators;
        _logger = logger;
        _batcher = new ReadBatcher<StateKey, StoredState>(options.BatchSize, options.Concurrency, async keys =>
        {
            try
            {
                return await readMany(keys);
            }
            catch (Exception error)
            {
                LogBatchFailed(error, keys.Count, _providerName);
                throw;
            }
        });
    }

    public void Participate(ISiloLifecycle lifecycle) => (_inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        StoredState stored;
        try
        {
            stored = await _batcher.ReadAsync(StateKey.For(stateName, grainId, grainState, _hashes, _serviceId, _providerName));
        }
        catch (Exception)
        {
            // Logged once for its whole batch; this grain is read as if there were no batching.
            await _inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);
            return;
        }

        switch (stored.Kind)
        {
            case StoredStateKind.Ambiguous:
                await _inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);
                return;
            case StoredStateKind.Found when stored.Payload is not null:
                grainState.State = _serializer.Deserialize<T>(new BinaryData(stored.Payload));
                grainState.ETag = stored.Version.ToString(CultureInfo.InvariantCulture);
                grainState.RecordExists = true;
                return;
            case StoredStateKind.Found:
                grainState.State = _activators.GetActivator<T>().Create();
                grainState.ETag = stored.Version.ToString(CultureInfo.InvariantCulture);
                grainState.RecordExists = false;
                return;
            default:
                grainState.State = _activators.GetActivator<T>().Create();
                grainState.ETag = null;
                grainState.RecordExists = false;
                return;
        }
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _inner.WriteStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        _inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _inner.ClearStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        _inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batched read of {Count} grain states from storage {ProviderName} failed; each is read alone")]
    private partial void LogBatchFailed(Exception error, int count, string providerName);
}
