using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace DashboardFactory.Api.Pages;

/// <summary>
/// GET /assets/{path}: the built front end. Names carry a content hash, so responses are cacheable for a year
/// and immutable; the build also wrote a Brotli and a gzip copy of each text file, sent when the browser takes
/// them, so nothing is compressed per request.
/// </summary>
public static partial class ClientAssetsApi
{
    private const string Immutable = "public, max-age=31536000, immutable";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapClientAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/assets/{**path}", Serve).AllowAnonymous().ExcludeFromDescription();

        // Browsers and tools that ask for /favicon.ico before reading the page get the built icon.
        app.MapGet("/favicon.ico", (ClientAssets assets) => assets.Icon is null ? Results.NotFound() : Results.Redirect(assets.Icon))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(string? path, HttpContext http, ClientAssets assets)
    {
        if (assets.Directory is null || path is null || !SafePath().IsMatch(path) || path.Contains("..", StringComparison.Ordinal))
        {
            return TypedResults.NotFound();
        }

        var file = Path.Combine(assets.Directory, path);
        if (!File.Exists(file) || file.EndsWith(".gz", StringComparison.Ordinal) || file.EndsWith(".br", StringComparison.Ordinal))
        {
            return TypedResults.NotFound();
        }

        var headers = http.Response.Headers;
        headers.CacheControl = path == "manifest.json" ? "no-cache" : Immutable;
        headers.XContentTypeOptions = "nosniff";
        headers.Vary = HeaderNames.AcceptEncoding;
        var contentType = ContentTypes.TryGetContentType(file, out var type) ? type : "application/octet-stream";
        if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.EndsWith("javascript", StringComparison.Ordinal) || contentType.EndsWith("json", StringComparison.Ordinal))
        {
            contentType += "; charset=utf-8";
        }

        var accepted = http.Request.GetTypedHeaders().AcceptEncoding;
        foreach (var (encoding, suffix) in new[] { ("br", ".br"), ("gzip", ".gz") })
        {
            if (accepted.Any(a => a.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) && a.Quality is not 0) && File.Exists(file + suffix))
            {
                headers.ContentEncoding = encoding;
                return TypedResults.PhysicalFile(file + suffix, contentType);
            }
        }

        return TypedResults.PhysicalFile(file, contentType);
    }

    // Hashed file names from esbuild: letters, digits, '-', '_', '.', and one level of chunks/ or media/.
    [GeneratedRegex(@"^(?:[A-Za-z0-9_-]+/)?[A-Za-z0-9_.-]+\z")]
    private static partial Regex SafePath();
}
