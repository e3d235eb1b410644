namespace DashboardFactory.Api.Streams;

public sealed record TicketRequest(string? Scope);
