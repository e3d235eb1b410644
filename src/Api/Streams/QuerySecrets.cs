using System.Text.RegularExpressions;

namespace DashboardFactory.Api.Streams;

/// <summary>
/// Finds the values of ?access_token= and ?ticket= in any text (a URL, a log message) and masks them. Browsers put
/// these in URLs because they cannot send a header, and ASP.NET Core logs request URLs with their query string.
/// </summary>
public static partial class QuerySecrets
{
    public const string Mask = "***";

    /// <summary>A cheap first look: only text that mentions one of the names is searched.</summary>
    public static bool Contains(string text) =>
        (text.Contains("access_token", StringComparison.OrdinalIgnoreCase) || text.Contains("ticket", StringComparison.OrdinalIgnoreCase))
        && Secret().IsMatch(text);

    public static string Redact(string text) => Contains(text) ? Secret().Replace(text, Mask) : text;

    // The value after access_token= or ticket= (also percent-encoded as in a logged URL), up to the next separator.
    [GeneratedRegex(@"(?<=(?:access_token|ticket)(?:=|%3D))[^&\s#""'<>]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Secret();
}
