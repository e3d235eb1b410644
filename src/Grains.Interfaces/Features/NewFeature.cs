namespace DashboardFactory.Features;

[GenerateSerializer, Immutable, Alias("DashboardFactory.Features.NewFeature")]
public sealed record NewFeature(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] string AuthorId);
