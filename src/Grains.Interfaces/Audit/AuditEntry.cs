namespace DashboardFactory.Audit;

/// <summary>Who did what to a subject, and what it was before and after (JSON, or null).</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Audit.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string? Before,
    [property: Id(4)] string? After);
