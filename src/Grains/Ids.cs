using System.Text.RegularExpressions;

namespace DashboardFactory;

/// <summary>The id rule of API.md for users, cockpits, features, widgets and KPIs.</summary>
public static partial class Ids
{
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$";

    public static bool IsValid(string? id) => id is not null && IdRegex().IsMatch(id);

    // \z, not $: in .NET "$" also matches before a trailing newline, which would let "x\n" through.
    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}
