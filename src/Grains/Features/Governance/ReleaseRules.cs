using System.Text.Json;
using System.Text.Json.Nodes;
using DashboardFactory.Cockpits;

namespace DashboardFactory.Features;

/// <summary>What a proposed release must satisfy before a feature accepts it.</summary>
public static class ReleaseRules
{
    public const int MaxWidgetTypeLength = 64;
    public const int MaxWidgetHeight = 100;

    private static readonly string[] Quadrants = ["nw", "ne", "sw", "se"];

    /// <summary>
    /// Problems keyed by field (<c>version</c>, <c>changeType</c>, <c>migrationGuide</c>, <c>dependencies</c>,
    /// <c>widget.w</c>, …). <paramref name="latestVersion"/> is the feature's newest release, null before the first.
    /// </summary>
    public static ReleaseValidation Validate(string featureId, ReleaseSpec release, string? latestVersion)
    {
        ArgumentNullException.ThrowIfNull(featureId);
        ArgumentNullException.ThrowIfNull(release);

        SemanticVersion? latest = null;
        if (latestVersion is not null)
        {
            // The latest version comes from the feature's own state, so a bad one is corruption, not a user error.
            latest = SemanticVersion.TryParse(latestVersion, out var parsed)
                ? parsed
                : throw new ArgumentException($"The latest version '{latestVersion}' is not MAJOR.MINOR.PATCH.", nameof(latestVersion));
        }

        var problems = new List<KeyValuePair<string, string>>();
        void Problem(string field, string message) => problems.Add(new(field, message));

        var conflict = ValidateVersion(release, latest, Problem);

        if (!Enum.IsDefined(release.ChangeType))
        {
            Problem("changeType", "Must be safe, reviewed or breaking.");
        }

        if (release.ChangeType == ChangeType.Breaking && string.IsNullOrWhiteSpace(release.MigrationGuide))
        {
            Problem("migrationGuide", "A breaking release needs a migration guide.");
        }

        ValidateDependencies(featureId, release.Dependencies, Problem);
        ValidateWidget(release.Widget, Problem);
        ValidatePlacement(release.Injection, release.Quadrant, Problem);

        return new ReleaseValidation(problems, conflict);
    }

    /// <returns>Whether the version conflicts with the latest one.</returns>
    private static bool ValidateVersion(ReleaseSpec release, SemanticVersion? latest, Action<string, string> problem)
    {
        if (!SemanticVersion.TryParse(release.Version, out var version))
        {
            problem("version", "Must be MAJOR.MINOR.PATCH.");
            return false;
        }

        if (latest is not { } previous)
        {
            return false;
        }

        if (version <= previous)
        {
            // The bump rule below is moot until the version is above the latest; reporting both would hide that
            // raising the version is the one fix needed.
            problem("version", $"Must be above the latest version {previous}.");
            return true;
        }

        if (release.ChangeType == ChangeType.Breaking && version.Value.Major <= previous.Major)
        {
            problem("version", $"A breaking release must bump the major version over {previous}.");
        }

        return false;
    }

    private static void ValidateDependencies(string featureId, IReadOnlyList<string>? dependencies, Action<string, string> problem)
    {
        if (dependencies is null)
        {
            problem("dependencies", "Required (may be empty).");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dependency in dependencies)
        {
            if (!Ids.IsValid(dependency))
            {
                problem("dependencies", $"'{dependency}' is not a feature id ({Ids.Pattern}).");
            }
            else if (string.Equals(dependency, featureId, StringComparison.Ordinal))
            {
                problem("dependencies", "A feature may not depend on itself.");
            }
            else if (!seen.Add(dependency))
            {
                problem("dependencies", $"'{dependency}' is listed more than once.");
            }
        }
    }

    private static void ValidateWidget(WidgetRelease? widget, Action<string, string> problem)
    {
        if (widget is null)
        {
            problem("widget", "Required.");
            return;
        }

        if (string.IsNullOrWhiteSpace(widget.Type) || widget.Type.Length > MaxWidgetTypeLength)
        {
            problem("widget.type", $"Required, at most {MaxWidgetTypeLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(widget.Title) || widget.Title.Length > CockpitDocument.MaxTitleLength)
        {
            problem("widget.title", $"Required, at most {CockpitDocument.MaxTitleLength} characters.");
        }

        if (widget.W is < 1 or > CockpitDocument.GridColumns)
        {
            problem("widget.w", $"Must be from 1 to {CockpitDocument.GridColumns}.");
        }

        if (widget.H is < 1 or > MaxWidgetHeight)
        {
            problem("widget.h", $"Must be from 1 to {MaxWidgetHeight}.");
        }

        if (widget.Html is null || widget.Html.Length > CockpitDocument.MaxTextLength)
        {
            problem("widget.html", $"Required (may be empty), at most {CockpitDocument.MaxTextLength} characters.");
        }

        if (widget.Css is null || widget.Css.Length > CockpitDocument.MaxTextLength)
        {
            problem("widget.css", $"Required (may be empty), at most {CockpitDocument.MaxTextLength} characters.");
        }

        if (widget.Script is null || widget.Script.Length > CockpitDocument.MaxTextLength)
        {
            problem("widget.script", $"At most {CockpitDocument.MaxTextLength} characters.");
        }

        if (!IsJsonObject(widget.ConfigJson))
        {
            problem("widget.config", "Must be a JSON object.");
        }
    }

    private static void ValidatePlacement(InjectionMode injection, string? quadrant, Action<string, string> problem)
    {
        if (!Enum.IsDefined(injection))
        {
            problem("injection", "Must be append, smart or quadrant.");
            return;
        }

        if (injection == InjectionMode.Quadrant && !Quadrants.Contains(quadrant, StringComparer.Ordinal))
        {
            problem("quadrant", "Quadrant injection needs one of nw, ne, sw, se.");
        }
        else if (injection != InjectionMode.Quadrant && quadrant is not null)
        {
            // A quadrant that is silently ignored would surprise the builder who set it.
            problem("quadrant", "Only quadrant injection takes a quadrant.");
        }
    }

    private static bool IsJsonObject(string? json)
    {
        if (json is null)
        {
            return false;
        }

        try
        {
            return JsonNode.Parse(json) is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
