using DashboardFactory.Limits;

namespace DashboardFactory.Api.Limits;

/// <summary>Endpoint metadata: which setting of <see cref="LimitsOptions"/> bounds this endpoint's request body.</summary>
public sealed record BodyLimit(string Setting, Func<LimitsOptions, int> Bytes);
