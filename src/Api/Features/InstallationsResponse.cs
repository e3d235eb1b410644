namespace DashboardFactory.Api.Features;

/// <summary>How many cockpits have a feature, in all and per installed version.</summary>
public sealed record InstallationsResponse(int Total, IReadOnlyDictionary<string, int> ByVersion)
{
    public static InstallationsResponse From(IReadOnlyDictionary<string, int> installations) =>
        new(installations.Values.Sum(), new SortedDictionary<string, int>(installations.ToDictionary(), StringComparer.Ordinal));
}
