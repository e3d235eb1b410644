using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DashboardFactory.Api.Pages;

/// <summary>
/// The front end as the build left it: <c>wwwroot/assets/manifest.json</c>, written by ClientApp/build.mjs, names
/// each page's content-hashed script and stylesheet. Pages reference exactly those names, so a browser may keep the
/// files forever and a new build changes the names (and, through <see cref="Version"/>, the pages' ETags).
/// </summary>
public sealed partial class ClientAssets
{
    private readonly Dictionary<string, string> _tags;

    public ClientAssets(IWebHostEnvironment environment, ILogger<ClientAssets> logger)
    {
        Directory = Locate(environment);
        var manifest = Directory is null ? null : Path.Combine(Directory, "manifest.json");
        if (manifest is null || !File.Exists(manifest))
        {
            LogNotBuilt(logger, Path.Combine(environment.WebRootPath ?? environment.ContentRootPath, "assets"));
            _tags = [];
            Version = "none";
            return;
        }

        var text = File.ReadAllText(manifest);
        Version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
        var built = JsonSerializer.Deserialize<Manifest>(text, JsonSerializerOptions.Web);
        Icon = built?.Icon;
        _tags = (built?.Pages ?? []).ToDictionary(p => p.Key, p => Tags(p.Value, Icon), StringComparer.Ordinal);
    }

    /// <summary>The folder holding the built files, or null when the front end was not built.</summary>
    public string? Directory { get; }

    /// <summary>The site icon's path, or null when the front end was not built.</summary>
    public string? Icon { get; }

    /// <summary>Changes with every front-end build; part of every page's ETag.</summary>
    public string Version { get; }

    /// <summary>The stylesheet and script elements of <paramref name="page"/>; empty when it was not built.</summary>
    public string TagsFor(string page) => _tags.GetValueOrDefault(page, string.Empty);

    /// <summary>Puts the page's asset elements (and any <paramref name="extraHead"/>) where the cockpit renderer left its placeholder.</summary>
    public string Inject(string html, string page, string placeholder, string extraHead = "")
    {
        var at = html.IndexOf(placeholder, StringComparison.Ordinal);
        return at < 0 ? html : string.Concat(html.AsSpan(0, at), extraHead + TagsFor(page), html.AsSpan(at + placeholder.Length));
    }

    // Running from the source tree (dotnet run, tests) the web root is src/Api/wwwroot; a published or copied
    // build carries its own wwwroot next to the assembly.
    private static string? Locate(IWebHostEnvironment environment)
    {
        foreach (var root in new[] { environment.WebRootPath, Path.Combine(environment.ContentRootPath, "wwwroot"), Path.Combine(AppContext.BaseDirectory, "wwwroot") })
        {
            if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "assets", "manifest.json")))
            {
                return Path.Combine(root, "assets");
            }
        }

        return null;
    }

    private static string Tags(PageFiles files, string? icon)
    {
        var html = new StringBuilder();
        if (!string.IsNullOrEmpty(icon))
        {
            html.Append("<link rel=\"icon\" type=\"image/svg+xml\" href=\"").Append(HtmlEncoder.Default.Encode(icon)).Append("\">");
        }

        if (!string.IsNullOrEmpty(files.Css))
        {
            html.Append("<link rel=\"stylesheet\" href=\"").Append(HtmlEncoder.Default.Encode(files.Css)).Append("\">");
        }

        // The entry's static imports, fetched alongside it rather than after it has been parsed.
        foreach (var chunk in files.Preload ?? [])
        {
            html.Append("<link rel=\"modulepreload\" href=\"").Append(HtmlEncoder.Default.Encode(chunk)).Append("\">");
        }

        html.Append("<script type=\"module\" src=\"").Append(HtmlEncoder.Default.Encode(files.Js)).Append("\"></script>");
        return html.ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The front end is not built ({Folder} has no manifest.json): pages are served without their scripts. Build with `dotnet build` (needs Node.js 20+ and npm).")]
    private static partial void LogNotBuilt(ILogger logger, string folder);

    private sealed record PageFiles(string Js, string? Css, string[]? Preload);

    private sealed record Manifest(string? Icon, Dictionary<string, PageFiles>? Pages);
}
