namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>What the server answered a case: status, media type and body (empty for a stream, which is never read to its end).</summary>
public sealed record Outcome(int Status, string? MediaType, string Body)
{
    public bool Refused => Status >= 400;
}
