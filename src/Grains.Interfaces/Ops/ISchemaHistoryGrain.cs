namespace DashboardFactory.Ops;

/// <summary>Reads the applied migrations from the silo's own database (API nodes have no database of their own to ask).</summary>
[Alias("DashboardFactory.Ops.ISchemaHistoryGrain")]
public interface ISchemaHistoryGrain : IGrainWithIntegerKey
{
    [Alias("Get")]
    Task<SchemaHistory> GetAsync();
}
