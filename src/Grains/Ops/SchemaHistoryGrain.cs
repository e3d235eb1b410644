using Orleans.Concurrency;

namespace DashboardFactory.Ops;

/// <summary>A stateless reader of the schema history on whichever silo takes the call.</summary>
[StatelessWorker]
public sealed class SchemaHistoryGrain(ISchemaHistoryReader reader) : Grain, ISchemaHistoryGrain
{
    public Task<SchemaHistory> GetAsync() => reader.ReadAsync(CancellationToken.None);
}
