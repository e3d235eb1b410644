namespace DashboardFactory.StateReads;

/// <summary>The "StateReads" section: how a silo batches the grain-state reads of activations that start together.</summary>
public sealed class StateReadOptions
{
    public const string Section = "StateReads";

    public const string Rule = "StateReads:BatchSize must be from 1 to 4096 and StateReads:Concurrency from 1 to 64.";

    /// <summary>
    /// At most this many states per statement. 1 reads every state alone, through the storage provider's own
    /// statement, as Orleans does without this batching.
    /// </summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>
    /// Batched statements one silo has in flight at once. A read that finds one of them free goes at once, alone if
    /// need be; reads arriving while all are busy wait together for the next, so a burst costs a few statements.
    /// </summary>
    public int Concurrency { get; set; } = 4;

    public bool IsValid() => BatchSize is >= 1 and <= 4096 && Concurrency is >= 1 and <= 64;
}
