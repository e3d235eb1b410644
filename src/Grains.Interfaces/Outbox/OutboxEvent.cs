namespace DashboardFactory.Outbox;

/// <summary>
/// An event for outside systems (webhooks), written in the same step as the change it reports so none is
/// lost; a deliverer sends and marks it later. Type is the public event name, e.g. "feature.stage_changed".
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Outbox.OutboxEvent")]
public sealed record OutboxEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string PayloadJson,
    [property: Id(3)] DateTimeOffset CreatedAt);
