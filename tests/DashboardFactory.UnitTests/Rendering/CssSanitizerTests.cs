using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using DashboardFactory.Rendering;

namespace DashboardFactory.UnitTests.Rendering;

public sealed class CssSanitizerTests
{
    private const string Scope = "#widget-w";

    [Theory]
    [InlineData(".a{color:red}", "#widget-w .a{color:red}\n")]
    [InlineData(".a, h2 > b,\n[data-x=\"a,b\"]{color:red}", "#widget-w .a, #widget-w h2 > b, #widget-w [data-x=\"a,b\"]{color:red}\n")]
    [InlineData(":is(.a, .b) span{color:red}", "#widget-w :is(.a, .b) span{color:red}\n")]
    [InlineData(":scope{padding:0}", "#widget-w{padding:0}\n")]
    [InlineData(":scope > .a, :scoped{x:y}", "#widget-w > .a, #widget-w :scoped{x:y}\n")]
    [InlineData("@media (max-width: 600px){.a{color:red}}", "@media (max-width: 600px){\n#widget-w .a{color:red}\n}\n")]
    [InlineData("@supports (display:grid){@media print{.a{x:y}}}", "@supports (display:grid){\n@media print{\n#widget-w .a{x:y}\n}\n}\n")]
    [InlineData("@keyframes pulse{from{opacity:0}50%{opacity:.5}to{opacity:1}}", "@keyframes pulse{\nfrom{opacity:0}\n50%{opacity:.5}\nto{opacity:1}\n}\n")]
    [InlineData(".a{background:url(https://cdn.example/a.png) no-repeat}", "#widget-w .a{background:url(https://cdn.example/a.png) no-repeat}\n")]
    [InlineData(".a{content:\"\\25B2\"}", "#widget-w .a{content:\"\\25B2\"}\n")]
    public void WidgetRulesAreKeptWithEverySelectorPrefixedByTheWidget(string css, string expected) =>
        CssSanitizer.Sanitize(css, Scope, allowFontFace: false).Should().Be(expected);

    [Theory]
    [InlineData("~ section{display:none}")]
    [InlineData("+ section{display:none}")]
    [InlineData(":scope ~ section{display:none}")]
    [InlineData(":scope+*{display:none}")]
    [InlineData(":scope.a:not(.b) ~ *{display:none}")]
    [InlineData(":scope[data-x=\"a b\"]\n~ *{display:none}")]
    [InlineData(":SCOPE ~ *{display:none}")]
    [InlineData("& ~ *{display:none}")]
    [InlineData(":is(&) p{display:none}")]
    [InlineData(".a, ~ *{display:none}")]
    public void ASelectorThatWouldReachTheWidgetsBesideThisOneIsDroppedWithItsRule(string css) =>
        CssSanitizer.Sanitize(css + ".ok{x:y}", Scope, allowFontFace: false).Should().Be("#widget-w .ok{x:y}\n");

    [Theory]
    [InlineData(":scope > p ~ q{x:y}", "#widget-w > p ~ q{x:y}\n")]
    [InlineData(":scope p + q{x:y}", "#widget-w p + q{x:y}\n")]
    [InlineData("p ~ q{x:y}", "#widget-w p ~ q{x:y}\n")]
    [InlineData(":scope:has(+ x){x:y}", "#widget-w:has(+ x){x:y}\n")]
    [InlineData("[title=\"&\"]{x:y}", "#widget-w [title=\"&\"]{x:y}\n")]
    public void SiblingCombinatorsInsideTheWidgetAreKept(string css, string expected) =>
        CssSanitizer.Sanitize(css, Scope, allowFontFace: false).Should().Be(expected);

    [Theory]
    [InlineData("@import url(x.css);.a{x:y}")]
    [InlineData("@charset \"utf-8\";.a{x:y}")]
    [InlineData("@font-face{font-family:x;src:url(x.woff)}.a{x:y}")]
    [InlineData("@page{margin:0}.a{x:y}")]
    [InlineData("@layer base{.b{x:y}}.a{x:y}")]
    [InlineData(".b{.c{x:y}}.a{x:y}")]
    [InlineData(".b{x:y; & .c{x:y}}.a{x:y}")]
    [InlineData("{x:y}.a{x:y}")]
    [InlineData(",{x:y}.a{x:y}")]
    [InlineData("junk;.a{x:y}")]
    [InlineData("}}.a{x:y}")]
    [InlineData("b\"{}\",c{x:y}.a{x:y}")]
    [InlineData(".b{background:url(\"javascript:alert(1)\")}.a{x:y}")]
    [InlineData(".b{width:expression(alert(1))}.a{x:y}")]
    [InlineData(".b{behavior:url(x.htc)}.a{x:y}")]
    [InlineData(".b{-moz-binding:url(x.xml#y)}.a{x:y}")]
    [InlineData("@media screen and (expression(1)){.b{x:y}}.a{x:y}")]
    [InlineData("@keyframes 1x{from{x:y}}.a{x:y}")]
    [InlineData("@\\6D edia print{.b{x:y}}.a{x:y}")]
    public void DisallowedOrUnsafeRulesAreDroppedAndTheRestKept(string css) =>
        CssSanitizer.Sanitize(css, Scope, allowFontFace: false).Should().Be("#widget-w .a{x:y}\n");

    [Theory]
    [InlineData(".a{x:y}.b{content:\"open")]
    [InlineData(".a{x:y}.b{content:\"line\nbreak\"}.c{x:y}")]
    [InlineData(".a{x:y}.b{background:url(x\"y)}.c{x:y}")]
    [InlineData(".a{x:y}.b{background:url(x y)}.c{x:y}")]
    [InlineData(".a{x:y}.b{width:calc(1px + (2px)}.c{x:y}")]
    [InlineData(".a{x:y}.b{x:y]}.c{x:y}")]
    [InlineData(".a{x:y}.b{x:(;)}.c{x:y}")]
    [InlineData(".a{x:y}.b{x:y")]
    [InlineData(".a{x:y}@media print{.b{x:y}")]
    [InlineData(".a{x:y}/* never closed .c{x:y}")]
    public void UnparseableCssIsDroppedFromWhereItBreaks(string css) =>
        CssSanitizer.Sanitize(css, Scope, allowFontFace: false).Should().Be("#widget-w .a{x:y}\n");

    [Fact]
    public void ThemeCssIsNotScopedAndMayDeclareFonts()
    {
        var css = "body{margin:0}\n@font-face{font-family:Inter;src:url(/fonts/inter.woff2)}\n@import 'x.css';";

        CssSanitizer.Sanitize(css, scope: null, allowFontFace: true)
            .Should().Be("body{margin:0}\n@font-face{font-family:Inter;src:url(/fonts/inter.woff2)}\n");
    }

    [Theory]
    [InlineData(".a{content:\"<\"}", "#widget-w .a{content:\"\\3C \"}\n")]
    [InlineData(".a{content:\"\\<b\"}", "#widget-w .a{content:\"\\3C b\"}\n")]
    [InlineData("[title=\"<x>\"]{x:y}", "#widget-w [title=\"\\3C x>\"]{x:y}\n")]
    public void LessThanSignsAreWrittenAsCssEscapes(string css, string expected) =>
        CssSanitizer.Sanitize(css, Scope, allowFontFace: false).Should().Be(expected);

    [Theory]
    [InlineData(".a\\ {x:y}", "#widget-w .a\\ {x:y}\n")]
    [InlineData(".a\\3C {x:y}", "#widget-w .a\\3C {x:y}\n")]
    [InlineData(".a{content:x\\ }", "#widget-w .a{content:x\\ }\n")]
    [InlineData("\\}body{x:y}", "#widget-w \\7D body{x:y}\n")]
    [InlineData(".md\\:flex, .w-1\\/2{x:y}", "#widget-w .md\\3A flex, #widget-w .w-1\\2F 2{x:y}\n")]
    [InlineData(".a\\,.b{x:y}", "#widget-w .a\\2C .b{x:y}\n")]
    public void EscapesKeepTheirMeaningAndNeverLoseTheirTerminatingSpace(string css, string expected) =>
        CssSanitizer.Sanitize(css, Scope, allowFontFace: false).Should().Be(expected);

    [Theory]
    [InlineData(".a/* } body { */{x:y}", "#widget-w .a{x:y}\n")]
    [InlineData(".a{x:/* } */y}", "#widget-w .a{x: y}\n")]
    [InlineData(".a{content:\"/* kept */\"}", "#widget-w .a{content:\"/* kept */\"}\n")]
    public void CommentsAreRemovedButNotFromStrings(string css, string expected) =>
        CssSanitizer.Sanitize(css, Scope, allowFontFace: false).Should().Be(expected);

    [Theory]
    [InlineData("a\"b</style>c")]
    [InlineData("a b{}")]
    [InlineData("a,b")]
    [InlineData("ünï")]
    [InlineData("1")]
    [InlineData("😀")]
    public void TheWidgetScopeSelectsExactlyThatWidgetWhateverItsId(string id)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<section id=\"widget-x\"></section><section id=\"widget-a\"></section>");
        var section = document.CreateElement("section");
        section.SetAttribute("id", "widget-" + id);
        document.Body!.AppendChild(section);

        var scope = CssSanitizer.WidgetScope(id);

        scope.Should().NotContainAny("<", "\"", "{", "}", ",");
        document.QuerySelectorAll(scope).Should().ContainSingle().Which.Should().BeSameAs(section);
    }

    [Fact]
    public void UrlTokensCannotHideABraceThatEndsTheRuleEarly()
    {
        // In a browser url(x"…) is a bad URL that ends at ')': a scanner that took "…" for a string would
        // think the '}' inside belonged to it, and emit "body{…}" unscoped.
        var css = ".a{background:url(x\")}body{color:red}.c{x:\")}.b{x:y}";

        var output = CssSanitizer.Sanitize(css, Scope, allowFontFace: false);

        AssertEveryRuleScoped(output);
        output.Should().NotContain("body");
    }

    [Fact]
    public void RandomCssNeverProducesAnUnscopedRuleOrALessThanSign()
    {
        // Output is parsed by AngleSharp's CSS parser, an independent tokenizer, to see the rules a browser sees.
        string[] pieces =
        [
            "{", "}", ";", "(", ")", "[", "]", "\"", "'", "\\", "\n", " ", ",", ":", "/*", "*/", "<", "</style>", "-->",
            "url(", "URL(", "u\\72 l(", "url(\"", "url(x\"", "\")", "x\"", "@media screen", "@media(", "@import ", "@keyframes k", "@font-face",
            "body", "}body{x:y}", ".a{", ".a", ":scope", "\\ ", "\\3C", "\\7D", "\\", "[a=\"", "\"]", "@supports (", "@keyframes 1", "from{", "50%{", "*", "/", "\t", "\r\n", "\f", "!important", "@media screen{", "\u00A0", "ｅ", "&", "color:red", "expression(", "javascript:", "\\7B ", "\\}", "#x", "@", "1",
        ];
        var random = new Random(77);
        for (var round = 0; round < 5000; round++)
        {
            var css = string.Concat(Enumerable.Range(0, random.Next(1, 24)).Select(_ => pieces[random.Next(pieces.Length)]));

            var output = CssSanitizer.Sanitize(css, Scope, allowFontFace: false);

            output.Should().NotContain("<", $"input: {css}");
            AssertEveryRuleScoped(output, css);
        }
    }

    /// <summary>Splits at commas outside escapes, strings and brackets.</summary>
    private static List<string> SplitSelectorList(string selectorText)
    {
        var parts = new List<string>();
        var start = 0;
        var depth = 0;
        var quote = '\0';
        for (var i = 0; i < selectorText.Length; i++)
        {
            var c = selectorText[i];
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
            else if (c is '(' or '[')
            {
                depth++;
            }
            else if (c is ')' or ']')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                parts.Add(selectorText[start..i]);
                start = i + 1;
            }
        }

        parts.Add(selectorText[start..]);
        return parts;
    }

    private static void AssertEveryRuleScoped(string output, string? input = null)
    {
        var sheet = new CssParser(new CssParserOptions
        {
            IsIncludingUnknownRules = true,
            IsIncludingUnknownDeclarations = true,
            IsToleratingInvalidSelectors = true,
        }).ParseStyleSheet(output);
        AssertScoped(sheet.Rules, output, input);
    }

    private static void AssertScoped(ICssRuleList rules, string output, string? input)
    {
        foreach (var rule in rules)
        {
            switch (rule)
            {
                case ICssStyleRule style:
                    SplitSelectorList(style.SelectorText).Should().OnlyContain(
                        s => s.Trim().StartsWith(Scope, StringComparison.Ordinal),
                        $"every rule must be scoped; output: {output}; input: {input}");
                    break;
                case ICssKeyframesRule or ICssFontFaceRule:
                    break;
                case ICssGroupingRule group:
                    AssertScoped(group.Rules, output, input);
                    break;
            }
        }
    }
}
