namespace DashboardFactory.Mail;

/// <summary>
/// Mail a change must cause, saved with the change as a pending effect (see Effects.PendingEffect) and queued
/// under its id, so a retried effect queues nothing new. The dispatcher turns it into one message per recipient
/// later, when it looks the recipients up. Kind says how to read the payload, e.g. "rollback".
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Mail.MailJob")]
public sealed record MailJob(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string PayloadJson,
    [property: Id(3)] DateTimeOffset CreatedAt);
