using System.Globalization;
using System.Text;

namespace DashboardFactory.Rendering;

/// <summary>Character-level helpers for <see cref="CssSanitizer"/>.</summary>
internal static class CssText
{
    // Checked against the normalised text (see Normalise), so escapes, whitespace, case and full-width
    // look-alikes cannot hide them. Each one either executes (expression, javascript: and friends, IE
    // behaviours, XBL bindings), pulls in CSS we never saw (@import), or only makes sense as an attempt to
    // break out of the <style> element.
    private static readonly string[] DangerousConstructs =
    [
        "expression(",
        "javascript:",
        "vbscript:",
        "livescript:",
        "@import",
        "behavior:",
        "behaviour:",
        "-moz-binding",
        "</style",
        "<!--",
        "-->",
    ];

    private const string StructuralCharacters = "{};()[]\"'/*,:";

    /// <summary>
    /// Removes comments, writes every '&lt;' as the CSS escape <c>\3C </c>, NUL as U+FFFD, and escaped punctuation
    /// outside strings in hex form.
    /// </summary>
    /// <remarks>
    /// After this no '&lt;' is left, so nothing in the result can end the &lt;style&gt; element (the HTML parser
    /// only looks for "&lt;/style") or open an HTML comment; <c>\3C </c> still means '&lt;' to CSS, inside strings
    /// as well, and the trailing space ends the escape so a following hex digit is not swallowed into it.
    /// Comments become one space, as a comment separates tokens. This pass is deliberately simple: the
    /// structural parse that follows runs on its output, so a mistake here can lose CSS but not let any through.
    /// </remarks>
    public static string Preprocess(string css)
    {
        var sb = new StringBuilder(css.Length + 16);
        var quote = '\0';
        for (var i = 0; i < css.Length; i++)
        {
            var c = css[i];
            if (quote == '\0' && c == '/' && i + 1 < css.Length && css[i + 1] == '*')
            {
                var end = css.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    // An unterminated comment runs to the end of the stylesheet anyway.
                    break;
                }

                sb.Append(' ');
                i = end + 1;
                continue;
            }

            if (c == '\\' && i + 1 < css.Length)
            {
                var next = css[++i];
                if (next == '<' || (quote == '\0' && StructuralCharacters.Contains(next)))
                {
                    // "\}" and "\7D " mean the same to CSS, but not every tokenizer gets the short form
                    // right (AngleSharp ends the rule there); the hex form leaves nothing to disagree about.
                    sb.Append('\\').Append(((int)next).ToString("X", CultureInfo.InvariantCulture)).Append(' ');
                }
                else
                {
                    sb.Append('\\');
                    AppendSafe(sb, next);
                }

                continue;
            }

            if (quote == '\0' && c is '"' or '\'')
            {
                quote = c;
            }
            else if (quote != '\0' && (c == quote || IsNewline(c)))
            {
                quote = '\0';
            }

            AppendSafe(sb, c);
        }

        return sb.ToString();
    }

    /// <summary>True if the text, once normalised, contains anything from the deny list.</summary>
    public static bool ContainsDangerousConstruct(ReadOnlySpan<char> css)
    {
        var normalised = Normalise(css);
        foreach (var construct in DangerousConstructs)
        {
            if (normalised.Contains(construct, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What the text means rather than how it is spelled: escapes decoded, compatibility forms folded (NFKC, for
    /// full-width letters), whitespace, control and format characters removed, lower case.
    /// </summary>
    public static string Normalise(ReadOnlySpan<char> css)
    {
        var decoded = new StringBuilder(css.Length);
        var ascii = true;
        for (var i = 0; i < css.Length; i++)
        {
            var c = css[i];
            if (c == '\\' && i + 1 < css.Length)
            {
                i = DecodeEscape(css, i, decoded);
            }
            else
            {
                decoded.Append(c);
            }
        }

        var text = decoded.ToString();
        foreach (var c in text)
        {
            if (c > 0x7F)
            {
                ascii = false;
                break;
            }
        }

        if (!ascii)
        {
            try
            {
                text = text.Normalize(NormalizationForm.FormKC);
            }
            catch (ArgumentException)
            {
                // Lone surrogates cannot be normalised; the text is still checked as it is.
            }
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c)
                || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                continue;
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    /// <summary>
    /// Trims whitespace at both ends, except whitespace that belongs to an escape ("\\ " or the space ending
    /// "\\3C "): cutting that would glue the backslash to whatever the text is put next to, "{" for instance.
    /// </summary>
    public static ReadOnlySpan<char> Trim(ReadOnlySpan<char> css)
    {
        css = css.TrimStart(" \t\n\r\f");
        var end = css.TrimEnd(" \t\n\r\f").Length;
        for (var i = 0; i < end; i++)
        {
            if (css[i] == '\\' && i + 1 < css.Length)
            {
                i = DecodeEscape(css, i, null);
                if (i >= end)
                {
                    end = i + 1;
                }
            }
        }

        return css[..end];
    }

    /// <summary>The text with escapes decoded and nothing else changed, as CSS compares names.</summary>
    public static string DecodeEscapes(ReadOnlySpan<char> css)
    {
        var sb = new StringBuilder(css.Length);
        for (var i = 0; i < css.Length; i++)
        {
            if (css[i] == '\\')
            {
                if (i + 1 < css.Length)
                {
                    i = DecodeEscape(css, i, sb);
                }
                else
                {
                    sb.Append('\uFFFD');
                }
            }
            else
            {
                sb.Append(css[i]);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Writes the escape starting at the backslash at <paramref name="start"/> (up to six hex digits and one
    /// optional whitespace, or a single escaped character) and returns the index of its last character.
    /// </summary>
    public static int DecodeEscape(ReadOnlySpan<char> css, int start, StringBuilder? output)
    {
        var i = start + 1;
        if (!char.IsAsciiHexDigit(css[i]))
        {
            output?.Append(css[i]);
            return i;
        }

        var value = 0;
        var digits = 0;
        while (i < css.Length && digits < 6 && char.IsAsciiHexDigit(css[i]))
        {
            value = (value * 16) + HexValue(css[i]);
            i++;
            digits++;
        }

        if (i < css.Length && css[i] == '\r' && i + 1 < css.Length && css[i + 1] == '\n')
        {
            i++;
        }
        else if (i < css.Length && IsWhitespace(css[i]))
        {
            // Consumed as part of the escape.
        }
        else
        {
            i--;
        }

        if (output is not null)
        {
            if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
            {
                output.Append('\uFFFD');
            }
            else
            {
                output.Append(char.ConvertFromUtf32(value));
            }
        }

        return i;
    }

    /// <summary>
    /// An identifier that is safe after "#widget-": every character other than ASCII letters, digits, '-' and '_'
    /// becomes a hex escape, so no widget id can change the structure of the selector it is put in.
    /// </summary>
    public static string EscapeIdentifier(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '-' or '_'))
            {
                sb.Append((char)rune.Value);
            }
            else
            {
                sb.Append('\\').Append(rune.Value.ToString("X", CultureInfo.InvariantCulture)).Append(' ');
            }
        }

        return sb.ToString();
    }

    public static bool IsNewline(char c) => c is '\n' or '\r' or '\f';

    public static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

    /// <summary>Characters that continue a CSS name (identifier, hash, at-keyword, unit) without an escape.</summary>
    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || c >= 0x80;

    private static void AppendSafe(StringBuilder sb, char c)
    {
        switch (c)
        {
            case '<':
                sb.Append("\\3C ");
                break;
            case '\0':
                sb.Append('\uFFFD');
                break;
            default:
                sb.Append(c);
                break;
        }
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
