using DashboardFactory.Features;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class FeatureStageGraphType : LowerCaseEnumGraphType<FeatureStage>
{
    public FeatureStageGraphType()
    {
        Name = "FeatureStage";
        Description = "Where a feature is in governance: experimental, approved, foundational or deprecated.";
    }
}
