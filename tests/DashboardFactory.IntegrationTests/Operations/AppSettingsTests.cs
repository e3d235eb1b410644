using System.Reflection;
using System.Text.Json;

namespace DashboardFactory.IntegrationTests.Operations;

/// <summary>
/// Every key src/Api/appsettings.json sets is a setting that exists: its section is some options class's
/// <c>Section</c> and its name one of that class's properties. A key in the wrong place binds to nothing and its value
/// silently does nothing (the Limits block sat inside "Demo" once, so editing it changed no limit).
/// </summary>
public sealed class AppSettingsTests
{
    // Read by ASP.NET Core and the host themselves, not by an options class of ours.
    private static readonly string[] FrameworkSections = ["Logging", "AllowedHosts", "ConnectionStrings"];

    [Fact]
    public void EveryKeyOfTheShippedSettingsBindsToAnOptionsProperty()
    {
        var sections = OptionsSections();
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Api", "appsettings.json")));
        var unbound = new List<string>();
        foreach (var key in Leaves(settings.RootElement, prefix: null))
        {
            if (FrameworkSections.Any(f => key == f || key.StartsWith(f + ":", StringComparison.Ordinal)))
            {
                continue;
            }

            // The longest section the key lies in, then the property right below it.
            var section = sections.Keys.Where(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)).MaxBy(s => s.Length);
            var property = section is null ? null : key[(section.Length + 1)..].Split(':')[0];
            if (section is null || !sections[section].Any(t => t.GetProperty(property!, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null))
            {
                unbound.Add(key);
            }
        }

        sections.Keys.Should().Contain(["Limits", "RateLimits", "Kpis", "Webhooks", "GraphQL"], "the scan finds the options classes of both assemblies");
        unbound.Should().BeEmpty("every key in appsettings.json must bind to an options property (see the options classes' Section constants)");
    }

    private static Dictionary<string, List<Type>> OptionsSections()
    {
        var sections = new Dictionary<string, List<Type>>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in new[] { typeof(DashboardFactory.Api.Auth.AuthOptions).Assembly, typeof(DashboardFactory.Limits.LimitsOptions).Assembly })
        {
            foreach (var type in assembly.GetTypes())
            {
                if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field && field.GetRawConstantValue() is string name)
                {
                    if (!sections.TryGetValue(name, out var types))
                    {
                        sections[name] = types = [];
                    }

                    types.Add(type);
                }
            }
        }

        return sections;
    }

    private static IEnumerable<string> Leaves(JsonElement element, string? prefix)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                foreach (var leaf in Leaves(property.Value, prefix is null ? property.Name : $"{prefix}:{property.Name}"))
                {
                    yield return leaf;
                }
            }
        }
        else
        {
            // An array binds to the property that names it, whatever its items.
            yield return prefix!;
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DashboardFactory.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No DashboardFactory.sln above {AppContext.BaseDirectory}.");
    }
}
