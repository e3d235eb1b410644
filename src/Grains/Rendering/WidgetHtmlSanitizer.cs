using System.Text.RegularExpressions;
using Ganss.Xss;

namespace DashboardFactory.Rendering;

/// <summary>Sanitizes widget HTML with one shared, configured <see cref="HtmlSanitizer"/>, caching the results.</summary>
/// <remarks>
/// <para>One instance is enough: HtmlSanitizer documents Sanitize/SanitizeFragment as thread-safe as long as its
/// configuration is not changed concurrently, and it is configured here once, in the static initialiser, then
/// only read. The FilterUrl handler is a pure static function, so it is safe to run concurrently too.</para>
/// <para>Results are cached by input because sanitizing is by far the dearest part of a render (an AngleSharp
/// parse and serialisation per widget, around a hundred microseconds for a small table), while widget HTML
/// mostly comes from shared features and a cockpit re-render usually changes one widget of many.</para>
/// </remarks>
internal static partial class WidgetHtmlSanitizer
{
    private const int MaxCachedInputLength = 32 * 1024;

    // What the fragment is sanitized for must be what it is inserted into (HtmlSanitizer's README).
    private const string InsertionContext = "div";

    private static readonly HtmlSanitizer Sanitizer = Create();
    private static readonly BoundedStringCache<string> Cache = new(maxCharacters: 4 * 1024 * 1024);

    public static string Sanitize(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return string.Empty;
        }

        return html.Length > MaxCachedInputLength
            ? SanitizeUncached(html)
            : Cache.GetOrAdd(html, html.Length, SanitizeUncached);
    }

    private static string SanitizeUncached(string html) => Sanitizer.SanitizeFragment(html, InsertionContext);

    private static HtmlSanitizer Create()
    {
        // Defaults already refuse script, style, iframe, object, embed, svg, math, event handler attributes and
        // every URL scheme but http(s); those are the guarantees this relies on, and the tests check them.
        var options = new HtmlSanitizerOptions { AllowDataAttributes = true };

        // Widgets are styled through class names; the default leaves class out to stop "classjacking", but
        // widget CSS is scoped to the widget's own section, and classes are how that CSS reaches the markup.
        options.AllowedAttributes.Add("class");

        // name (like id, which is not allowed by default) makes elements reachable as document.<name>, which
        // would let widget markup clobber globals that the page's own script relies on.
        options.AllowedAttributes.Remove("name");

        // A cockpit is for looking at: no forms, so no markup that can post data anywhere or imitate a login.
        foreach (var tag in new[] { "form", "input", "button", "textarea", "select", "option", "optgroup", "keygen", "datalist", "menuitem" })
        {
            options.AllowedTags.Remove(tag);
        }

        options.AllowedAttributes.Remove("action");
        options.AllowedAttributes.Remove("formaction");

        var sanitizer = new HtmlSanitizer(options);
        sanitizer.FilterUrl += AllowInlineImages;
        return sanitizer;
    }

    /// <summary>
    /// data: is not an allowed scheme, so it is refused everywhere, except for raster images in an img's src:
    /// inline images are common in widgets and cannot run anything there. SVG stays refused: it is a document
    /// format, and image/svg+xml URLs are a recurring way to smuggle script.
    /// </summary>
    private static void AllowInlineImages(object? sender, FilterUrlEventArgs e)
    {
        if (e.SanitizedUrl is null
            && string.Equals(e.Tag.LocalName, "img", StringComparison.Ordinal)
            && string.Equals(e.Tag.GetAttribute("src"), e.OriginalUrl, StringComparison.Ordinal)
            && InlineImage().IsMatch(e.OriginalUrl))
        {
            e.SanitizedUrl = e.OriginalUrl;
        }
    }

    [GeneratedRegex(@"\Adata:image/(?:png|gif|jpeg|jpg|webp|avif|bmp);base64,[A-Za-z0-9+/=\s]*\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InlineImage();
}
