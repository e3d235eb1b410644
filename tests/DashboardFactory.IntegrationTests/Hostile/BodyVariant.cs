namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// One request body a generator made: its bytes (null: no body), the Content-Type to send (null: none), and whether it
/// goes without Content-Length (chunked on a socket). <see cref="Kind"/> says in words what is hostile about it.
/// </summary>
public sealed record BodyVariant(string Kind, byte[]? Body, string? ContentType, bool Chunked = false);
