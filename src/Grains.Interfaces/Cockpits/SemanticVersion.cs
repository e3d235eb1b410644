using System.Diagnostics.CodeAnalysis;

namespace DashboardFactory.Cockpits;

/// <summary>
/// MAJOR.MINOR.PATCH without pre-release or build parts, as API.md allows. Part of the contract (every release and
/// cockpit version is one), so the fleet index, the campaigns and the cockpits share it without depending on each other.
/// </summary>
public readonly record struct SemanticVersion(int Major, int Minor, int Patch) : IComparable<SemanticVersion>
{
    public static SemanticVersion Initial { get; } = new(1, 0, 0);

    public static bool TryParse(string? text, [NotNullWhen(true)] out SemanticVersion? version)
    {
        version = null;
        var parts = text?.Split('.');
        if (parts is not { Length: 3 } || !parts.All(IsNumber))
        {
            return false;
        }

        version = new SemanticVersion(int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]));
        return true;
    }

    public static SemanticVersion Parse(string text) =>
        TryParse(text, out var version) ? version.Value : throw new FormatException($"'{text}' is not a MAJOR.MINOR.PATCH version.");

    /// <summary>Whether <paramref name="offered"/> is above <paramref name="installed"/> (true when none is installed or a version does not parse).</summary>
    public static bool IsNewer(string offered, string? installed) =>
        installed is null
        || !TryParse(installed, out var have)
        || !TryParse(offered, out var candidate)
        || have < candidate;

    /// <summary>SAFE bumps patch, REVIEWED minor, BREAKING major.</summary>
    public SemanticVersion Bump(ChangeType change) => change switch
    {
        ChangeType.Breaking => new(Major + 1, 0, 0),
        ChangeType.Reviewed => new(Major, Minor + 1, 0),
        _ => new(Major, Minor, Patch + 1),
    };

    public int CompareTo(SemanticVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    public static bool operator <(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Major}.{Minor}.{Patch}";

    // Digits only, no sign, no leading zero (semver 2.0 §2), small enough for an int.
    private static bool IsNumber(string part) =>
        part.Length is > 0 and <= 9 && part.All(char.IsAsciiDigit) && (part.Length == 1 || part[0] != '0');
}
