namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class KpiPointInput
{
    public string? Id { get; set; }

    public string? Ts { get; set; }

    public double? Value { get; set; }
}
