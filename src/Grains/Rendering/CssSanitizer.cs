namespace DashboardFactory.Rendering;

/// <summary>
/// Makes theme and widget CSS safe to put inside a &lt;style&gt; element, and scopes widget CSS to its widget.
/// </summary>
/// <remarks>
/// <para>Why not escape-and-emit: text inside &lt;style&gt; is raw, so HTML encoding would not apply (it would
/// corrupt the CSS) and the only thing that ends the element is a literal "&lt;/style". So every '&lt;' becomes the
/// CSS escape <c>\3C </c> (still '&lt;' to CSS, nothing to HTML) and comments go, which leaves no way out of the
/// element. Then rules are kept only if understood (see <see cref="CssRuleParser"/>) and free of anything that
/// executes or fetches more CSS (see <see cref="CssText.ContainsDangerousConstruct"/>); a rule with such a
/// construct is dropped whole rather than rewritten, so no half-neutralised text is left for a browser to
/// misread.</para>
/// <para>Scoping is a convenience against accidental bleed, not a sandbox: theme CSS is the cockpit's own and is
/// not scoped, and the widget's section is styled with CSS containment so widget content cannot cover the page.</para>
/// </remarks>
internal static class CssSanitizer
{
    private const int MaxCachedInputLength = 32 * 1024;

    private static readonly BoundedStringCache<(string? Scope, string Css, bool AllowFontFace)> Cache =
        new(maxCharacters: 2 * 1024 * 1024);

    /// <param name="css">CSS as written in the document; null or blank gives an empty string.</param>
    /// <param name="scope">A selector put before every selector (e.g. "#widget-a"), or null for unscoped theme CSS.</param>
    /// <param name="allowFontFace">@font-face defines page-wide font names, so only the theme may use it.</param>
    public static string Sanitize(string? css, string? scope, bool allowFontFace)
    {
        if (string.IsNullOrWhiteSpace(css))
        {
            return string.Empty;
        }

        // Cached for the same reason as widget HTML: most widgets of a re-rendered cockpit have not changed.
        return css.Length > MaxCachedInputLength
            ? SanitizeUncached((scope, css, allowFontFace))
            : Cache.GetOrAdd((scope, css, allowFontFace), css.Length + (scope?.Length ?? 0), SanitizeUncached);
    }

    private static string SanitizeUncached((string? Scope, string Css, bool AllowFontFace) input) =>
        new CssRuleParser(CssText.Preprocess(input.Css), input.Scope, input.AllowFontFace).Parse();

    /// <summary>The scope selector for a widget's CSS; the id is escaped, so any id gives a single id selector.</summary>
    public static string WidgetScope(string widgetId) => "#widget-" + CssText.EscapeIdentifier(widgetId);
}
