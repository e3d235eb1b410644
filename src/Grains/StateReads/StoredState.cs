namespace DashboardFactory.StateReads;

/// <summary>What OrleansStorage holds for one grain state.</summary>
public enum StoredStateKind
{
    /// <summary>No row: the grain never wrote (or its row was deleted); it starts fresh, without an ETag.</summary>
    Missing,

    /// <summary>One row; <see cref="StoredState.Payload"/> is null after a clear (fresh state, the ETag kept).</summary>
    Found,

    /// <summary>More than one row (the table has no unique key): left to the provider's own read, which decides as before.</summary>
    Ambiguous,
}

/// <summary>One grain state as a batched read found it.</summary>
public sealed record StoredState(StoredStateKind Kind, byte[]? Payload = null, int Version = 0)
{
    public static readonly StoredState Missing = new(StoredStateKind.Missing);

    public static readonly StoredState Ambiguous = new(StoredStateKind.Ambiguous);
}
