using System.Text.RegularExpressions;

namespace DashboardFactory;

/// <summary>The id rule of API.md for users, cockpits, features, widgets and KPIs.</summary>
public static partial class Ids
{
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$";

    public static bool IsValid(string? id) => id is not null && IdRegex().IsMatch(id);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}
