using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

/// <summary>
/// A point to ingest. ts and value are nullable on purpose: a point without them is not a schema error that
/// refuses the whole batch, but a rejected point with its reason, exactly as REST answers it.
/// </summary>
public sealed class KpiPointInputGraphType : InputObjectGraphType<KpiPointInput>
{
    public KpiPointInputGraphType()
    {
        Name = "KpiPointInput";
        Description = "{id?, ts, value}: a point with the same id twice counts once.";
        Field<StringGraphType>("id").Description("Optional point id for de-duplication.");
        Field<StringGraphType>("ts").Description("ISO 8601 timestamp inside the accepted window.");
        Field<FloatGraphType>("value").Description("A finite number.");
    }
}
