namespace DashboardFactory.IntegrationTests.Webhooks;

/// <summary>One webhook request as the receiver got it; header names are lower case.</summary>
public sealed record ReceivedRequest(IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At)
{
    public string Id => Headers["webhook-id"];

    public string Timestamp => Headers["webhook-timestamp"];

    public string Signature => Headers["webhook-signature"];

    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;
}
