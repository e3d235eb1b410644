using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DashboardFactory.Cockpits;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Browser;

/// <summary>
/// Loads rendered cockpit pages full of hostile widget content in a real Chromium and checks that nothing
/// ran. Every payload, if it ran, would mark the page with data-pwned; a control page proves the mark shows.
/// </summary>
public sealed partial class CockpitPageXssTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Mark = "document.documentElement.setAttribute('data-pwned','1')";

    private static readonly string[] HtmlPayloads =
    [
        $"<script>{Mark}</script>",
        $"<img src=x onerror=\"{Mark}\">",
        $"<svg onload=\"{Mark}\"></svg>",
        $"<svg><script>{Mark}</script></svg>",
        $"<body onload=\"{Mark}\">",
        $"<iframe srcdoc=\"<script>parent.{Mark}</script>\"></iframe>",
        $"<details open ontoggle=\"{Mark}\"><summary>x</summary></details>",
        $"<input autofocus onfocus=\"{Mark}\">",
        $"<video><source onerror=\"{Mark}\"></video>",
        $"<object data=\"javascript:{Mark}\"></object>",
        $"<embed src=\"javascript:{Mark}\">",
        $"<math><mtext><table><mglyph><style><img src=x onerror=\"{Mark}\">",
        $"<noscript><p title=\"</noscript><img src=x onerror={Mark}>\"></p></noscript>",
        $"<meta http-equiv=\"refresh\" content=\"0;url=javascript:{Mark}\">",
        $"<base href=\"javascript:{Mark}//\"><a href=\"x\">x</a>",
        $"<style>@import 'data:text/css,*{{}}';</style><img src=x onerror=\"{Mark}\">",
        $"<a href=\"jav&#x09;ascript:{Mark}\" id=\"autoclick\">x</a><img src=x onerror=\"document.getElementById('autoclick').click()\">",
        $"<div style=\"background:url(javascript:{Mark})\">x</div>",
        $"<template><img src=x onerror=\"{Mark}\"></template>",
        $"<select><option><style></option></select><img src=x onerror=\"{Mark}\"></style>",
        $"<!--<img src=\"--><img src=x onerror={Mark}//\">",
        $"<form><button formaction=\"javascript:{Mark}\" autofocus onfocus=\"this.click()\">go</button></form>",
    ];

    [Fact]
    public async Task TheHarnessSeesAScriptThatRuns()
    {
        var file = Path.Combine(Path.GetTempPath(), $"df-control-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(file, $"<!doctype html><html><body><img src=x onerror=\"{Mark}\"><script>{Mark}</script></body></html>");
        try
        {
            Pwned(await HeadlessChromium.DumpDomAsync(file)).Should().BeTrue("the control page runs its script, so the check can fail");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task NoScriptFromWidgetContentRunsEvenWithoutTheContentSecurityPolicy()
    {
        var cockpitId = await CockpitWithHostileContentAsync();
        var page = await api.Admin().GetAsync($"/cockpits/{cockpitId}");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.Should().Contain("Content-Security-Policy");

        // Twice: as served, and with the CSP taken out, so the sanitizer alone must hold.
        foreach (var variant in new[] { html, CspMeta().Replace(html, string.Empty) })
        {
            var file = Path.Combine(Path.GetTempPath(), $"df-cockpit-{Guid.NewGuid():N}.html");
            await File.WriteAllTextAsync(file, variant);
            try
            {
                var dom = await HeadlessChromium.DumpDomAsync(file);
                dom.Should().Contain("widget-w0", "the page rendered its widgets");
                Pwned(dom).Should().BeFalse("no payload may run; the root element was: {0}", RootTag().Match(dom).Value);
                dom.Should().Contain("<title>", "the title was not broken out of");
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    private async Task<string> CockpitWithHostileContentAsync()
    {
        var owner = ApiFactory.NewId("op");
        await api.CreateUserAsync(owner, "operator");
        var id = ApiFactory.NewId("c");
        (await api.Admin().PostAsJsonAsync("/api/cockpits", new { id, ownerId = owner, title = $"</title><script>{Mark}</script>" }))
            .EnsureSuccessStatusCode();

        var widgets = new JsonObject();
        for (var i = 0; i < HtmlPayloads.Length; i++)
        {
            widgets[$"w{i}"] = new JsonObject
            {
                ["type"] = "x\" autofocus onfocus=\"pwn()\" tabindex=\"1",
                ["title"] = $"<img src=x onerror=\"{Mark}\">",
                ["x"] = 0, ["y"] = i, ["w"] = 12, ["h"] = 1,
                ["html"] = HtmlPayloads[i],
                ["css"] = $"</style><script>{Mark}</script><style>",
                ["config"] = new JsonObject { ["q"] = $"\"'><script>{Mark}</script>" },
            };
        }

        var patch = new JsonObject
        {
            ["theme"] = new JsonObject { ["css"] = $"</style><script>function pwn(){{{Mark}}}</script> body {{ background: url(javascript:{Mark}) }}" },
            ["widgets"] = widgets,
        };
        await api.Service<IGrainFactory>().GetGrain<ICockpitGrain>(id).PatchAsync(patch.ToJsonString(), null, new Caller("admin", true));
        return id;
    }

    /// <summary>The payloads' text shows up escaped all over the DOM; only the attribute on the root element means one ran.</summary>
    private static bool Pwned(string dom) => RootTag().Match(dom).Value.Contains("data-pwned", StringComparison.Ordinal);

    [GeneratedRegex("<html[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex RootTag();

    [GeneratedRegex("<meta[^>]+Content-Security-Policy[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex CspMeta();
}
