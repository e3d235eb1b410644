namespace DashboardFactory.Mail;

/// <summary>
/// The "Smtp" section: where rollback e-mail goes. Mail is off while Host is empty; then nothing is queued either.
/// Read by silos (they send); API nodes in client mode ignore it.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public static readonly string[] SecurityModes = ["auto", "none", "starttls", "tls"];

    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = 25;

    public string From { get; set; } = "dashboard-factory@localhost";

    /// <summary>auto (STARTTLS when offered; TLS on port 465), none, starttls (required) or tls (TLS from the first byte).</summary>
    public string Security { get; set; } = "auto";

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>Attempts per message before it is abandoned (and logged as such).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failed attempt; doubled after each further one, at most an hour.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often each silo looks for mail to send when not woken by a new rollback.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a silo owns the messages it took; a silo that died meanwhile leaves them to others after this.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Connect, authenticate and send time-out per SMTP operation.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public bool IsValid(out string problem)
    {
        problem = !Enabled ? string.Empty
            : Port is < 1 or > 65535 ? "Smtp:Port must be from 1 to 65535."
            : !System.Net.Mail.MailAddress.TryCreate(From, out _) ? "Smtp:From must be an e-mail address."
            : !SecurityModes.Contains(Security, StringComparer.OrdinalIgnoreCase) ? "Smtp:Security must be auto, none, starttls or tls."
            : MaxAttempts < 1 ? "Smtp:MaxAttempts must be at least 1."
            : RetryDelay <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero || ClaimTimeout <= TimeSpan.Zero || Timeout <= TimeSpan.Zero
                ? "Smtp:RetryDelay, PollInterval, ClaimTimeout and Timeout must be positive."
            : string.Empty;
        return problem.Length == 0;
    }

    /// <summary>When a message that failed <paramref name="attempts"/> times is due again.</summary>
    public TimeSpan BackoffAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, RetryDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));
}
