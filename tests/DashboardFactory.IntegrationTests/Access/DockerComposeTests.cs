using System.Text.Json;
using System.Text.RegularExpressions;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Access;

/// <summary>
/// Issue 15, point 9: docker-compose.yml refuses to start without ADMIN_TOKEN and no admin token is published anywhere a
/// deployment reads settings from. No Docker engine exists here, so the file's text is checked, with compose's own
/// interpolation rules: <c>${VAR:?message}</c> stops <c>docker compose</c> when VAR is unset or empty, while
/// <c>${VAR:-default}</c>, <c>${VAR-default}</c> and a literal value would start with a token everyone can read.
/// </summary>
public sealed partial class DockerComposeTests
{
    private static string Text(params string[] path) => File.ReadAllText(Path.Combine([RepositoryPaths.Root, .. path]));

    private static IEnumerable<string> Settings(string yaml) =>
        yaml.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));

    [Fact]
    public void TheApiGetsItsAdminTokenOnlyFromARequiredVariable()
    {
        var tokenSettings = Settings(Text("docker-compose.yml"))
            .Where(l => l.Contains("AdminToken", StringComparison.OrdinalIgnoreCase) || l.Contains("ADMIN_TOKEN", StringComparison.Ordinal)).ToList();

        tokenSettings.Should().ContainSingle("only the API node takes the admin token, from the environment")
            .Which.Should().MatchRegex(RequiredAdminToken().ToString());
    }

    [Fact]
    public void NoInterpolationOfTheComposeFileGivesTheAdminTokenADefault()
    {
        var uses = Interpolation().Matches(Text("docker-compose.yml")).Where(m => m.Groups["name"].Value == "ADMIN_TOKEN").ToList();

        uses.Should().NotBeEmpty();
        uses.Select(m => m.Groups["operator"].Value).Should().AllBe(":?", "only ':?' refuses both an unset and an empty ADMIN_TOKEN");
    }

    [Fact]
    public void NoAdminTokenIsPublishedInTheImageOrItsSettings()
    {
        Text("Dockerfile").Should().NotContainEquivalentOf("AdminToken").And.NotContain("ADMIN_TOKEN");
        foreach (var settings in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "appsettings*.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var auth = JsonDocument.Parse(File.ReadAllText(settings), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })
                .RootElement.TryGetProperty("Auth", out var section) && section.TryGetProperty("AdminToken", out var token) ? token.GetString() : null;
            auth.Should().BeNullOrEmpty("{0} is shipped with every image", settings);
        }
    }

    [GeneratedRegex(@"^Auth__AdminToken:\s*""\$\{ADMIN_TOKEN:\?[^}$]+\}""$")]
    private static partial Regex RequiredAdminToken();

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<operator>:\?|\?|:-|-|:\+|\+)?")]
    private static partial Regex Interpolation();
}
