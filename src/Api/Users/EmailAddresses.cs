using System.Net.Mail;

namespace DashboardFactory.Api.Users;

/// <summary>What a user's e-mail may be: one plain address, no display name, no list.</summary>
public static class EmailAddresses
{
    public const int MaxLength = 254;

    public const string Rule = "Must be one e-mail address (name@example.com), at most 254 characters.";

    public static bool IsValid(string value) =>
        value.Length is > 0 and <= MaxLength
        && MailAddress.TryCreate(value, out var parsed)
        && parsed.Address == value
        && string.IsNullOrEmpty(parsed.DisplayName)
        && value.IndexOf('@', StringComparison.Ordinal) > 0
        && !value.Any(char.IsWhiteSpace);
}
