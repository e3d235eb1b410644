namespace DashboardFactory.IntegrationTests.Contract;

/// <summary>A live answer of the API as a test client got it: the request's method and path, and the answer's status, media type and body.</summary>
public sealed record RecordedAnswer(string Method, string Path, int Status, string? ContentType, string Body);
