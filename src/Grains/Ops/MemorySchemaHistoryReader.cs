namespace DashboardFactory.Ops;

/// <summary>The embedded default keeps everything in memory: no schema, so no migrations.</summary>
public sealed class MemorySchemaHistoryReader : ISchemaHistoryReader
{
    public const string Storage = "memory";

    public Task<SchemaHistory> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(new SchemaHistory(Storage, []));
}
