namespace DashboardFactory.Api.Ops;

/// <summary>A cluster member as the membership table has it; <c>status</c> is Orleans' silo status in lower case (active, dead, ...).</summary>
public sealed record OpsSilo(string Address, string Name, string Host, string Status, DateTimeOffset StartedAt);
