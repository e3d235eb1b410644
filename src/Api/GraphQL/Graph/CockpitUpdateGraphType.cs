using DashboardFactory.Cockpits;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class CockpitUpdateGraphType : ObjectGraphType<CockpitUpdated>
{
    public CockpitUpdateGraphType()
    {
        Name = "CockpitUpdate";
        Description = "A change the factory or the operator made to a cockpit (the hub's cockpitUpdated).";
        Field<NonNullGraphType<IdGraphType>, string>("cockpitId").Resolve(c => c.Source.CockpitId);
        Field<NonNullGraphType<StringGraphType>, string>("version").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>, IEnumerable<string>>("newFeatures").Resolve(c => c.Source.NewFeatures);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>, IEnumerable<string>>("removedFeatures").Resolve(c => c.Source.RemovedFeatures);
        Field<NonNullGraphType<DateTimeOffsetGraphType>, DateTimeOffset>("updatedAt").Resolve(c => c.Source.UpdatedAt);
        Field<NonNullGraphType<StringGraphType>, string>("reason").Resolve(c => c.Source.Reason);
    }
}
