namespace DashboardFactory.Api.Streams;

public sealed record TicketResponse(string Ticket, DateTimeOffset ExpiresAt);
