using System.Text;
using System.Text.RegularExpressions;

namespace DashboardFactory.Rendering;

/// <summary>
/// The structural pass of <see cref="CssSanitizer"/>: splits preprocessed CSS into rules, keeps the allowed ones
/// (prefixing selectors when a scope is given) and drops the rest.
/// </summary>
/// <remarks>
/// <para>The pass only emits rules it fully understood, and it must understand them the way a browser will,
/// or a rule body it took for a string could close the block early in the browser and let the remainder escape
/// the widget's scope. So it follows the CSS tokenizer wherever block structure could hide: strings,
/// comments, escapes, url(…) tokens (whose unquoted contents may hold braces) and (…)/[…] blocks (which
/// swallow braces and semicolons in a browser).</para>
/// <para>It is stricter than a browser, never more lenient: a string or url(…) a browser would call "bad",
/// an unmatched bracket, or a brace or semicolon inside brackets stops the pass, and everything from that
/// point to the end of the stylesheet is dropped, since where that broken construct ends can no longer be
/// agreed on. Emitted rules contain only balanced brackets, closed strings and well-formed url(…) tokens.</para>
/// <para>Kept: style rules whose body is a flat declaration list (nested rules are dropped), @media, @supports
/// and @container (their rules are handled the same way, three levels deep at most), @keyframes, and
/// @font-face where allowed. Every other at-rule is dropped, statements like @import and @charset included.</para>
/// </remarks>
internal sealed partial class CssRuleParser
{
    private const int MaxRuleNesting = 3;
    private const int MaxBracketNesting = 32;

    private readonly string _css;
    private readonly string? _scope;
    private readonly bool _allowFontFace;

    // Every rule's text is a substring of the stylesheet, and normalising a substring cannot produce a construct
    // that normalising the whole does not (at worst the whole has extra matches across rule boundaries). So one
    // check of the whole sheet clears every rule in the common, clean case; only a sheet that fails it pays for
    // a check per rule, to drop just the rules at fault.
    private readonly bool _mayBeDangerous;
    private int _pos;
    private bool _failed;

    public CssRuleParser(string preprocessedCss, string? scope, bool allowFontFace)
    {
        _css = preprocessedCss;
        _scope = scope;
        _allowFontFace = allowFontFace;
        _mayBeDangerous = CssText.ContainsDangerousConstruct(preprocessedCss);
    }

    public string Parse()
    {
        var output = new StringBuilder(_css.Length + 64);
        ParseRuleList(output, keyframes: false, 0, inBlock: false);
        return output.ToString();
    }

    /// <param name="keyframes">Inside @keyframes, rules are keyframes: "from", "to" or percentages, never scoped.</param>
    private void ParseRuleList(StringBuilder output, bool keyframes, int nesting, bool inBlock)
    {
        while (!_failed)
        {
            SkipWhitespace();
            if (_pos >= _css.Length)
            {
                // Inside a block this means the block never closed, so the caller must drop it.
                _failed = inBlock;
                return;
            }

            var c = _css[_pos];
            if (c == '}')
            {
                _pos++;
                if (inBlock)
                {
                    return;
                }

                continue;
            }

            if (c == ';')
            {
                _pos++;
                continue;
            }

            var start = _pos;
            var stop = ScanPrelude();
            if (_failed)
            {
                return;
            }

            switch (stop)
            {
                case '\0':
                    // Trailing text with no block after it.
                    _failed = inBlock;
                    return;
                case ';':
                    // Statement at-rules (@import, @charset, @namespace, @layer a;) and junk.
                    _pos++;
                    continue;
                case '}':
                    // A prelude with no block; the loop then handles the '}'.
                    continue;
            }

            var prelude = CssText.Trim(_css.AsSpan(start, _pos - start));
            _pos++;
            if (prelude.Length > 0 && prelude[0] == '@')
            {
                HandleAtRule(output, keyframes, prelude, nesting);
            }
            else
            {
                HandleQualifiedRule(output, keyframes, prelude);
            }
        }
    }

    private void HandleQualifiedRule(StringBuilder output, bool keyframes, ReadOnlySpan<char> prelude)
    {
        var (bodyStart, bodyEnd, flat) = ScanDeclarations();
        if (_failed || !flat || prelude.IsEmpty)
        {
            return;
        }

        var body = CssText.Trim(_css.AsSpan(bodyStart, bodyEnd - bodyStart));
        if (!IsSafe(prelude) || !IsSafe(body))
        {
            return;
        }

        if (keyframes)
        {
            if (!KeyframeSelector().IsMatch(prelude))
            {
                return;
            }

            output.Append(prelude);
        }
        else if (!AppendSelectors(output, prelude))
        {
            return;
        }

        output.Append('{').Append(body).Append("}\n");
    }

    private void HandleAtRule(StringBuilder output, bool keyframes, ReadOnlySpan<char> prelude, int nesting)
    {
        var nameLength = 1;
        while (nameLength < prelude.Length && (char.IsAsciiLetterOrDigit(prelude[nameLength]) || prelude[nameLength] == '-'))
        {
            nameLength++;
        }

        // An escape or other character right after the name means a name we did not read; treat it as unknown.
        var nameEndsCleanly = nameLength == prelude.Length
            || CssText.IsWhitespace(prelude[nameLength]) || prelude[nameLength] == '(';
        var name = nameEndsCleanly ? prelude[1..nameLength].ToString().ToLowerInvariant() : string.Empty;
        var rest = CssText.Trim(prelude[nameLength..]);

        if (!keyframes && name is "media" or "supports" or "container"
            && nesting < MaxRuleNesting && IsSafe(prelude))
        {
            var inner = new StringBuilder();
            ParseRuleList(inner, keyframes: false, nesting + 1, inBlock: true);
            if (!_failed && inner.Length > 0)
            {
                output.Append('@').Append(name).Append(' ').Append(rest).Append("{\n").Append(inner).Append("}\n");
            }

            return;
        }

        if (!keyframes && name is "keyframes" or "-webkit-keyframes"
            && KeyframesName().IsMatch(rest) && IsSafe(prelude))
        {
            var inner = new StringBuilder();
            ParseRuleList(inner, keyframes: true, nesting + 1, inBlock: true);
            if (!_failed)
            {
                output.Append('@').Append(name).Append(' ').Append(rest).Append("{\n").Append(inner).Append("}\n");
            }

            return;
        }

        if (!keyframes && name == "font-face" && rest.IsEmpty && _allowFontFace)
        {
            var (bodyStart, bodyEnd, flat) = ScanDeclarations();
            var body = _failed ? default : CssText.Trim(_css.AsSpan(bodyStart, bodyEnd - bodyStart));
            if (!_failed && flat && IsSafe(body))
            {
                output.Append("@font-face{").Append(body).Append("}\n");
            }

            return;
        }

        SkipBraceBlock(0);
    }

    /// <summary>Writes the selector list with every selector prefixed by the scope; false if a selector is empty.</summary>
    private bool AppendSelectors(StringBuilder output, ReadOnlySpan<char> prelude)
    {
        if (_scope is null)
        {
            output.Append(prelude);
            return true;
        }

        var mark = output.Length;
        var start = 0;
        var depth = 0;
        var quote = '\0';
        for (var i = 0; i <= prelude.Length; i++)
        {
            if (i < prelude.Length)
            {
                var c = prelude[i];
                if (c == '\\')
                {
                    i++;
                    continue;
                }

                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }

                    continue;
                }

                switch (c)
                {
                    case '"' or '\'' when depth == 0:
                        // Strings only belong in selectors inside [...] or (...); browsers drop such a rule anyway,
                        // and not every selector parser agrees where the string ends.
                        output.Length = mark;
                        return false;
                    case '"' or '\'':
                        quote = c;
                        continue;
                    case '(' or '[':
                        depth++;
                        continue;
                    case ')' or ']':
                        depth--;
                        continue;
                    case not ',':
                        continue;
                }

                if (depth > 0)
                {
                    continue;
                }
            }

            var selector = CssText.Trim(prelude[start..i]);
            if (selector.IsEmpty)
            {
                output.Length = mark;
                return false;
            }

            if (LeavesTheWidget(selector))
            {
                output.Length = mark;
                return false;
            }

            if (output.Length > mark)
            {
                output.Append(", ");
            }

            output.Append(_scope);
            if (selector.StartsWith(":scope", StringComparison.OrdinalIgnoreCase)
                && (selector.Length == 6 || !CssText.IsNameChar(selector[6])))
            {
                // ":scope" is the widget itself, so widget CSS can style its own section.
                output.Append(selector[6..]);
            }
            else
            {
                output.Append(' ').Append(selector);
            }

            start = i + 1;
        }

        return true;
    }

    /// <summary>
    /// True when a selector, put after the widget's scope, would select something outside the widget: a sibling
    /// combinator right after the widget itself (<c>~ x</c>, <c>+ x</c>, <c>:scope ~ x</c>, <c>:scope.a + x</c>)
    /// reaches the widgets next to it, and the nesting selector <c>&amp;</c> means the page's root outside a nested
    /// rule. Descendant and child combinators stay inside, and so does everything after a first descendant step.
    /// </summary>
    internal static bool LeavesTheWidget(ReadOnlySpan<char> selector)
    {
        var quote = '\0';
        for (var i = 0; i < selector.Length; i++)
        {
            var c = selector[i];
            if (c == '\\')
            {
                i++;
            }
            else if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '&')
            {
                return true;
            }
        }

        if (selector.Length > 0 && selector[0] is '~' or '+')
        {
            return true;
        }

        if (!selector.StartsWith(":scope", StringComparison.OrdinalIgnoreCase) || (selector.Length > 6 && CssText.IsNameChar(selector[6])))
        {
            return false;
        }

        // Past the widget's own compound selector (":scope" and what is glued to it), what is the first combinator?
        var at = 6;
        var depth = 0;
        for (; at < selector.Length; at++)
        {
            var c = selector[at];
            if (c == '\\')
            {
                at++;
                continue;
            }

            if (c is '(' or '[')
            {
                depth++;
            }
            else if (c is ')' or ']')
            {
                depth--;
            }
            else if (depth == 0 && (CssText.IsWhitespace(c) || c is '>' or '~' or '+'))
            {
                break;
            }
        }

        while (at < selector.Length && CssText.IsWhitespace(selector[at]))
        {
            at++;
        }

        return at < selector.Length && selector[at] is '~' or '+';
    }

    /// <summary>Moves to the '{', ';' or '}' that ends a prelude (or to the end); brackets must balance.</summary>
    private char ScanPrelude()
    {
        while (true)
        {
            var c = SkipToStructural();
            if (_failed)
            {
                return '\0';
            }

            switch (c)
            {
                case '(' or '[':
                    SkipBracketBlock(0);
                    if (_failed)
                    {
                        return '\0';
                    }

                    continue;
                case ')' or ']':
                    _failed = true;
                    return '\0';
                default:
                    return c;
            }
        }
    }

    /// <summary>
    /// From just after a rule's '{' to just after its '}'. Flat means no nested block was found; such a rule is
    /// skipped whole, nested blocks included.
    /// </summary>
    private (int Start, int End, bool Flat) ScanDeclarations()
    {
        var start = _pos;
        var flat = true;
        while (true)
        {
            var c = SkipToStructural();
            if (_failed)
            {
                return (start, start, false);
            }

            switch (c)
            {
                case '}':
                    var end = _pos;
                    _pos++;
                    return (start, end, flat);
                case ';':
                    _pos++;
                    break;
                case '(' or '[':
                    SkipBracketBlock(0);
                    break;
                case '{':
                    flat = false;
                    _pos++;
                    SkipBraceBlock(1);
                    break;
                default:
                    _failed = true;
                    break;
            }

            if (_failed)
            {
                return (start, start, false);
            }
        }
    }

    /// <summary>From just after a '{' to just after its matching '}'.</summary>
    private void SkipBraceBlock(int depth)
    {
        if (depth > MaxBracketNesting)
        {
            _failed = true;
            return;
        }

        while (!_failed)
        {
            var c = SkipToStructural();
            if (_failed)
            {
                return;
            }

            switch (c)
            {
                case '}':
                    _pos++;
                    return;
                case '{':
                    _pos++;
                    SkipBraceBlock(depth + 1);
                    break;
                case ';':
                    _pos++;
                    break;
                case '(' or '[':
                    SkipBracketBlock(depth + 1);
                    break;
                default:
                    _failed = true;
                    return;
            }
        }
    }

    /// <summary>From a '(' or '[' to just after its match; braces and semicolons inside are refused.</summary>
    private void SkipBracketBlock(int depth)
    {
        if (depth > MaxBracketNesting)
        {
            _failed = true;
            return;
        }

        var close = _css[_pos] == '(' ? ')' : ']';
        _pos++;
        while (!_failed)
        {
            var c = SkipToStructural();
            if (_failed)
            {
                return;
            }

            if (c == close)
            {
                _pos++;
                return;
            }

            if (c is '(' or '[')
            {
                SkipBracketBlock(depth + 1);
                continue;
            }

            // '{', '}', ';', the wrong closer, or the end of the input.
            _failed = true;
        }
    }

    /// <summary>
    /// Advances over everything that cannot change block structure (names, strings, comments, escapes,
    /// url(…) tokens, other characters) and returns the structural character at the new position, or '\0' at
    /// the end of the input.
    /// </summary>
    private char SkipToStructural()
    {
        var s = _css;
        while (_pos < s.Length)
        {
            var c = s[_pos];
            switch (c)
            {
                case '{' or '}' or ';' or '(' or ')' or '[' or ']':
                    return c;
                case '"' or '\'':
                    SkipString(c);
                    break;
                case '/' when _pos + 1 < s.Length && s[_pos + 1] == '*':
                    var end = s.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        _failed = true;
                    }
                    else
                    {
                        _pos = end + 2;
                    }

                    break;
                case '\\' when _pos + 1 >= s.Length || CssText.IsNewline(s[_pos + 1]):
                    // Not an escape: a lone backslash.
                    _pos++;
                    break;
                default:
                    if (c == '\\' || CssText.IsNameChar(c))
                    {
                        SkipNameAndUrl();
                    }
                    else
                    {
                        _pos++;
                    }

                    break;
            }

            if (_failed)
            {
                return '\0';
            }
        }

        return '\0';
    }

    private void SkipString(char quote)
    {
        var s = _css;
        _pos++;
        while (_pos < s.Length)
        {
            var c = s[_pos];
            if (c == quote)
            {
                _pos++;
                return;
            }

            if (CssText.IsNewline(c))
            {
                // A "bad string" to a browser, which then reads what follows differently.
                _failed = true;
                return;
            }

            if (c == '\\')
            {
                if (_pos + 1 >= s.Length)
                {
                    break;
                }

                _pos += s[_pos + 1] == '\r' && _pos + 2 < s.Length && s[_pos + 2] == '\n' ? 3 : 2;
                continue;
            }

            _pos++;
        }

        // Unterminated: a browser would close it at the end of this <style> element's text.
        _failed = true;
    }

    /// <summary>
    /// Skips a name (letters, digits, '-', '_', non-ASCII, escapes). If the name is "url" however it is spelled
    /// and a '(' follows, a browser reads an unquoted URL token there, in which braces and quotes are plain
    /// characters, so that token is skipped too.
    /// </summary>
    private void SkipNameAndUrl()
    {
        var s = _css;
        var start = _pos;
        var hasEscape = false;
        while (_pos < s.Length)
        {
            var c = s[_pos];
            if (CssText.IsNameChar(c))
            {
                _pos++;
            }
            else if (c == '\\' && (_pos + 1 >= s.Length || !CssText.IsNewline(s[_pos + 1])))
            {
                hasEscape = true;
                _pos = _pos + 1 >= s.Length ? s.Length : CssText.DecodeEscape(s, _pos, null) + 1;
            }
            else
            {
                break;
            }
        }

        if (_pos >= s.Length || s[_pos] != '(')
        {
            return;
        }

        // After '#' or '@' the name belongs to a hash or at-keyword; a leading digit makes it a number's unit.
        if (start > 0 && s[start - 1] is '#' or '@')
        {
            return;
        }

        var name = s.AsSpan(start, _pos - start);
        var isUrl = hasEscape
            ? CssText.DecodeEscapes(name).Equals("url", StringComparison.OrdinalIgnoreCase)
            : name.Equals("url", StringComparison.OrdinalIgnoreCase);
        if (isUrl)
        {
            SkipUrlToken();
        }
    }

    /// <summary>At the '(' after "url". A quoted URL is an ordinary function, left for the caller as a '(' block.</summary>
    private void SkipUrlToken()
    {
        var s = _css;
        var open = _pos;
        var i = _pos + 1;
        while (i < s.Length && CssText.IsWhitespace(s[i]))
        {
            i++;
        }

        if (i < s.Length && s[i] is '"' or '\'')
        {
            _pos = open;
            return;
        }

        while (i < s.Length)
        {
            var c = s[i];
            if (c == ')')
            {
                _pos = i + 1;
                return;
            }

            if (CssText.IsWhitespace(c))
            {
                while (i < s.Length && CssText.IsWhitespace(s[i]))
                {
                    i++;
                }

                if (i < s.Length && s[i] == ')')
                {
                    _pos = i + 1;
                    return;
                }

                break;
            }

            // Braces and semicolons are legal here, but refusing them means that even a browser that
            // disagreed about this being a URL token would find no structure inside it.
            if (c is '"' or '\'' or '(' or '{' or '}' or ';' || c < 0x20 || c == 0x7F)
            {
                break;
            }

            if (c == '\\')
            {
                if (i + 1 >= s.Length || CssText.IsNewline(s[i + 1]))
                {
                    break;
                }

                i = CssText.DecodeEscape(s, i, null) + 1;
                continue;
            }

            i++;
        }

        // A "bad URL" or one cut off by the end of the input.
        _failed = true;
    }

    private bool IsSafe(ReadOnlySpan<char> css) => !_mayBeDangerous || !CssText.ContainsDangerousConstruct(css);

    private void SkipWhitespace()
    {
        while (_pos < _css.Length && CssText.IsWhitespace(_css[_pos]))
        {
            _pos++;
        }
    }

    [GeneratedRegex(@"\A\s*(?:from|to|\d{1,3}(?:\.\d+)?%)(?:\s*,\s*(?:from|to|\d{1,3}(?:\.\d+)?%))*\s*\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyframeSelector();

    [GeneratedRegex(@"\A-?[A-Za-z_][A-Za-z0-9_-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyframesName();
}
