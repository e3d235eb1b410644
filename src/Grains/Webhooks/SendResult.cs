namespace DashboardFactory.Webhooks;

/// <summary>What one HTTP attempt got: a status (null when no answer came), the start of the body, a Retry-After, or why it failed.</summary>
public sealed record SendResult(int? Status, string? Body, TimeSpan? RetryAfter, string? Error, string? Location)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public static SendResult Failed(string error) => new(null, null, null, error, null);
}
