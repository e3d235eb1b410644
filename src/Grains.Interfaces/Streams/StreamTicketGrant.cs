namespace DashboardFactory.Streams;

/// <summary>Who a stream ticket speaks for, what it opens ("kpi:{code}", "cockpit:{id}" or "alerts"), and until when it may connect.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Streams.StreamTicketGrant")]
public sealed record StreamTicketGrant(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Role,
    [property: Id(3)] string Scope,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] long? CredentialsVersion = null);
