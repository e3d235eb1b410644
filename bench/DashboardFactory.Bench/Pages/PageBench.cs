using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DashboardFactory.Bench.FanOut;
using Microsoft.Playwright;

namespace DashboardFactory.Bench.Pages;

/// <summary>
/// bench page: the cockpit page's three budgets (issue "cockpit page", README Performance), measured in Debian's
/// Chromium against the real API: bytes a cockpit loads first, open to first KPI values, and browser CPU with live
/// widgets next to the same cockpit with static widgets.
/// </summary>
internal static class PageBench
{
    private const int Kpis = 5;
    private const string FirstValues = """
        () => document.body.dataset.firstValues !== undefined
          && [...document.querySelectorAll('[data-role=value]')].every(e => e.textContent !== '–')
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var (options, dll, exit) = ModeStart.Prepare("page", args, PageOptions.Parse, PageOptions.Usage, o => o.ApiDll);
        if (options is null)
        {
            return exit;
        }

        Console.WriteLine($"== page benchmark: {options.Widgets} live widgets on {Kpis} KPIs, {Environment.ProcessorCount} cores, load average {Counters.LoadAverage()}");
        await using var api = await ApiProcess.StartAsync(dll!);
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiProcess.AdminToken);

        var run = Guid.NewGuid().ToString("N")[..6];
        var codes = Enumerable.Range(0, Kpis).Select(i => $"bench_{run}_{i}").ToArray();
        await BackfillAsync(http, codes);
        var owner = $"op-{run}";
        var token = await CreateUserAsync(http, owner);
        var live = await CockpitAsync(http, $"live-{run}", owner, LiveWidgets(codes, options.Widgets));
        var still = await CockpitAsync(http, $"static-{run}", owner, StaticWidgets(options.Widgets));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = options.Chromium ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });

        await SizesAsync(browser, api.BaseAddress, live, token);
        await OpenTimesAsync(browser, api.BaseAddress, live, token, options.Opens, options.Trace);

        using var feeding = new CancellationTokenSource();
        var feeder = FeedAsync(http, codes, options.PointsPerSecond, feeding.Token);
        var busy = await CpuAsync(browser, api.BaseAddress, live, token, options.CpuSeconds);
        var idle = await CpuAsync(browser, api.BaseAddress, still, token, options.CpuSeconds);
        await feeding.CancelAsync();
        var posted = await feeder;
        Console.WriteLine($"browser CPU (main thread), {options.Widgets} live widgets at minute period, {options.PointsPerSecond:0.#} points/s per KPI ({posted:N0} posted): " +
                          $"{busy.Percent:F2}% of one core ({busy.Script:F2}% script, {busy.Layout:F2}% layout+style)");
        Console.WriteLine($"baseline, the same number of static widgets: {idle.Percent:F2}% of one core; live widgets cost {busy.Percent - idle.Percent:F2} points more (budget: < 5%)");
        return 0;
    }

    /// <summary>What a first visit downloads before the page is complete: scripts and stylesheets, gzipped and as sent (Brotli).</summary>
    private static async Task SizesAsync(IBrowser browser, Uri address, string cockpitId, string token)
    {
        await using var context = await browser.NewContextAsync(new() { BaseURL = address.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/cockpits/{cockpitId}?access_token={Uri.EscapeDataString(token)}");
        await page.WaitForFunctionAsync(FirstValues);
        var resources = await page.EvaluateAsync<JsonElement>("""
            () => performance.getEntriesByType('resource')
              .filter(r => /\/assets\/.+\.(js|css)$/.test(new URL(r.name).pathname))
              .map(r => ({ path: new URL(r.name).pathname, sent: r.encodedBodySize, size: r.decodedBodySize }))
            """);

        using var plain = new HttpClient { BaseAddress = address };
        long gzip = 0, sent = 0, raw = 0;
        foreach (var resource in resources.EnumerateArray())
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, resource.GetProperty("path").GetString());
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            using var response = await plain.SendAsync(request);
            gzip += (await response.Content.ReadAsByteArrayAsync()).Length;
            sent += resource.GetProperty("sent").GetInt64();
            raw += resource.GetProperty("size").GetInt64();
        }

        Console.WriteLine($"first load: {resources.GetArrayLength()} JS/CSS files, {gzip / 1024.0:F1} KB gzipped ({sent / 1024.0:F1} KB as sent, Brotli; " +
                          $"{raw / 1024.0:F1} KB uncompressed); budget 150 KB gzipped. Customize mode loads its own chunk only when opened.");
    }

    /// <summary>Navigation start to the first values on screen, with an empty cache and with the assets cached.</summary>
    private static async Task OpenTimesAsync(IBrowser browser, Uri address, string cockpitId, string token, int opens, string? trace)
    {
        var cold = new List<double>();
        var coldSteps = new List<Steps>();
        for (var i = 0; i < opens; i++)
        {
            await using var context = await browser.NewContextAsync(new() { BaseURL = address.ToString() });
            var page = await context.NewPageAsync();
            var traced = trace is not null && i == opens - 1;
            ICDPSession? cdp = null;
            var collected = new List<JsonElement>();
            var complete = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (traced)
            {
                // Chrome's own tracing over the DevTools protocol (Playwright .NET has no tracing call for it).
                cdp = await context.NewCDPSessionAsync(page);
                cdp.Event("Tracing.dataCollected").OnEvent += (_, e) =>
                {
                    lock (collected)
                    {
                        collected.AddRange(e!.Value.GetProperty("value").EnumerateArray().Select(v => v.Clone()));
                    }
                };
                cdp.Event("Tracing.tracingComplete").OnEvent += (_, _) => complete.TrySetResult();
                await cdp.SendAsync("Tracing.start", new Dictionary<string, object>
                {
                    ["transferMode"] = "ReportEvents",
                    ["traceConfig"] = new Dictionary<string, object>
                    {
                        ["includedCategories"] = new[] { "devtools.timeline", "v8.execute", "disabled-by-default-devtools.timeline", "blink.user_timing", "loading" },
                    },
                });
            }

            cold.Add(await OpenAsync(page, $"/cockpits/{cockpitId}?access_token={Uri.EscapeDataString(token)}"));
            coldSteps.Add(await StepsAsync(page));
            if (cdp is not null)
            {
                await cdp.SendAsync("Tracing.end");
                await complete.Task.WaitAsync(TimeSpan.FromSeconds(30));
                await File.WriteAllTextAsync(trace!, JsonSerializer.Serialize(new { traceEvents = collected }));
                Console.WriteLine($"  trace of the last empty-cache open: {trace}");
                PrintBusiest(trace!);
            }

            if (i == opens - 1)
            {
                Console.WriteLine("  the last empty-cache open, resource by resource (ms from navigation start: requested .. answered):");
                Console.WriteLine(await page.EvaluateAsync<string>("""
                    () => [...performance.getEntriesByType('resource'), ...performance.getEntriesByType('mark')]
                      .sort((a, b) => a.startTime - b.startTime)
                      .map(r => r.entryType === 'mark'
                        ? `    ${r.startTime.toFixed(0).padStart(6)}          mark ${r.name}`
                        : `    ${r.startTime.toFixed(0).padStart(6)} .. ${r.responseEnd.toFixed(0).padStart(6)}  ${new URL(r.name).pathname}`)
                      .join('\n')
                    """));
            }
        }

        // An operator's first visit happens in a browser that is already running: its HTTP cache (and with it V8's
        // code cache) is emptied before each open, in one context. A new context per open (above) also measures
        // Chromium starting its own UI pages for the new window on the same 2 cores, which no visit to ours pays.
        var empty = new List<double>();
        var emptySteps = new List<Steps>();
        await using (var context = await browser.NewContextAsync(new() { BaseURL = address.ToString() }))
        {
            var page = await context.NewPageAsync();
            var cdp = await context.NewCDPSessionAsync(page);
            await OpenAsync(page, $"/cockpits/{cockpitId}?access_token={Uri.EscapeDataString(token)}");
            for (var i = 0; i < opens; i++)
            {
                await page.GotoAsync("about:blank");
                await cdp.SendAsync("Network.clearBrowserCache");
                empty.Add(await OpenAsync(page, $"/cockpits/{cockpitId}"));
                emptySteps.Add(await StepsAsync(page));
            }
        }

        var warm = new List<double>();
        var warmSteps = new List<Steps>();
        await using (var context = await browser.NewContextAsync(new() { BaseURL = address.ToString() }))
        {
            var page = await context.NewPageAsync();
            await OpenAsync(page, $"/cockpits/{cockpitId}?access_token={Uri.EscapeDataString(token)}");
            for (var i = 0; i < opens; i++)
            {
                warm.Add(await OpenAsync(page, $"/cockpits/{cockpitId}"));
                warmSteps.Add(await StepsAsync(page));
            }
        }

        Console.WriteLine($"open to first KPI values painted, {opens} opens each: empty cache p50 {P(empty, 0.5):F0} ms, max {empty.Max():F0} ms; " +
                          $"cached assets p50 {P(warm, 0.5):F0} ms, max {warm.Max():F0} ms (budget 1,000 ms); " +
                          $"in a new browser context each time p50 {P(cold, 0.5):F0} ms, max {cold.Max():F0} ms");
        foreach (var (name, steps) in new[] { ("empty cache", emptySteps), ("cached", warmSteps), ("new context", coldSteps) })
        {
            Console.WriteLine($"  where the time goes ({name}, p50 ms from navigation start): page answered {P([.. steps.Select(s => s.Html)], 0.5):F0}, " +
                              $"scripts loaded {P([.. steps.Select(s => s.Scripts)], 0.5):F0}, first-values request sent {P([.. steps.Select(s => s.DataSent)], 0.5):F0} " +
                              $"and answered {P([.. steps.Select(s => s.DataAnswered)], 0.5):F0}, values in the DOM {P([.. steps.Select(s => s.Values)], 0.5):F0}");
        }
    }

    /// <summary>The main thread's busiest event kinds in a trace (complete events, self time not separated: a profile hint).</summary>
    private static void PrintBusiest(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var events = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement : document.RootElement.GetProperty("traceEvents");
        var totals = new Dictionary<string, (double Ms, int Count)>();
        foreach (var e in events.EnumerateArray())
        {
            if (e.TryGetProperty("ph", out var ph) && ph.GetString() == "X" && e.TryGetProperty("dur", out var dur) && e.TryGetProperty("name", out var name))
            {
                var key = name.GetString()!;
                var (ms, count) = totals.GetValueOrDefault(key);
                totals[key] = (ms + dur.GetDouble() / 1000, count + 1);
            }
        }

        foreach (var (name, (ms, count)) in totals.OrderByDescending(t => t.Value.Ms).Take(25))
        {
            Console.WriteLine($"    {ms,8:F1} ms {count,6}x  {name}");
        }
    }

    private sealed record Steps(double Html, double Scripts, double DataSent, double DataAnswered, double Values);

    /// <summary>The page's own timeline of the open just measured (Navigation and Resource Timing).</summary>
    private static async Task<Steps> StepsAsync(IPage page)
    {
        var steps = await page.EvaluateAsync<JsonElement>("""
            () => {
              const nav = performance.getEntriesByType('navigation')[0];
              const resources = performance.getEntriesByType('resource');
              const scripts = resources.filter(r => /\/assets\/.+\.js$/.test(new URL(r.name).pathname));
              const data = resources.find(r => new URL(r.name).pathname.endsWith('/widgets/data'));
              return {
                html: nav ? nav.responseEnd : 0,
                scripts: scripts.length ? Math.max(...scripts.map(r => r.responseEnd)) : 0,
                dataSent: data ? data.startTime : 0,
                dataAnswered: data ? data.responseEnd : 0,
                values: Number(document.body.dataset.firstValues ?? 0),
              };
            }
            """);
        return new Steps(steps.GetProperty("html").GetDouble(), steps.GetProperty("scripts").GetDouble(), steps.GetProperty("dataSent").GetDouble(),
            steps.GetProperty("dataAnswered").GetDouble(), steps.GetProperty("values").GetDouble());
    }

    /// <summary>Milliseconds from navigation start until the first values are in the DOM and a frame has been painted.</summary>
    private static async Task<double> OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync(FirstValues, null, new() { PollingInterval = 5 });
        return await page.EvaluateAsync<double>("() => new Promise(r => requestAnimationFrame(() => r(performance.now())))");
    }

    private sealed record Cpu(double Percent, double Script, double Layout);

    /// <summary>The page's main-thread busy time (Chrome's TaskDuration) over a window, as a share of one core.</summary>
    private static async Task<Cpu> CpuAsync(IBrowser browser, Uri address, string cockpitId, string token, int seconds)
    {
        await using var context = await browser.NewContextAsync(new() { BaseURL = address.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/cockpits/{cockpitId}?access_token={Uri.EscapeDataString(token)}");
        await page.WaitForFunctionAsync("() => document.body.dataset.connection === 'connected'");
        await page.WaitForTimeoutAsync(2000); // let the first values and charts settle
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Performance.enable");
        var before = await MetricsAsync(cdp);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var after = await MetricsAsync(cdp);
        var wall = clock.Elapsed.TotalSeconds;
        double Share(string metric) => 100 * (after[metric] - before[metric]) / wall;
        return new Cpu(Share("TaskDuration"), Share("ScriptDuration"), Share("LayoutDuration") + Share("RecalcStyleDuration"));
    }

    private static async Task<Dictionary<string, double>> MetricsAsync(ICDPSession cdp)
    {
        var result = await cdp.SendAsync("Performance.getMetrics");
        return result!.Value.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
    }

    private static async Task<long> FeedAsync(HttpClient http, string[] codes, double perSecond, CancellationToken stop)
    {
        long posted = 0;
        var random = new Random(7);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / perSecond));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                await Task.WhenAll(codes.Select(code => http.PostAsJsonAsync($"/api/kpis/{code}/points",
                    new[] { new { id = Guid.NewGuid().ToString("N"), ts = now, value = 90 + (random.NextDouble() * 10) } }, stop)));
                posted += codes.Length;
            }
        }
        catch (OperationCanceledException)
        {
        }

        return posted;
    }

    private static async Task BackfillAsync(HttpClient http, string[] codes)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var code in codes)
        {
            var points = Enumerable.Range(0, 30).Select(m => new
            {
                id = $"{code}-{m}",
                ts = now.AddMinutes(-m).ToString("O", CultureInfo.InvariantCulture),
                value = 90 + (m % 7),
            });
            (await http.PostAsJsonAsync($"/api/kpis/{code}/points", points)).EnsureSuccessStatusCode();
        }
    }

    private static async Task<string> CreateUserAsync(HttpClient http, string id)
    {
        var response = await http.PostAsJsonAsync("/api/users", new { id, name = "Bench operator", role = "operator", xp = 0 });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private static async Task<string> CockpitAsync(HttpClient http, string id, string owner, JsonObject widgets)
    {
        (await http.PostAsJsonAsync("/api/cockpits", new { id, ownerId = owner, title = id })).EnsureSuccessStatusCode();
        using var patch = new StringContent(new JsonObject { ["widgets"] = widgets }.ToJsonString(), System.Text.Encoding.UTF8, "application/merge-patch+json");
        (await http.PatchAsync($"/api/cockpits/{id}", patch)).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Stat cards, charts and tables in turn, 3 columns wide, on the KPIs in turn, all at minute period.</summary>
    private static JsonObject LiveWidgets(string[] codes, int count)
    {
        var widgets = new JsonObject();
        string[] types = ["stat_card", "line_chart", "table"];
        for (var i = 0; i < count; i++)
        {
            var type = types[i % types.Length];
            widgets[$"w{i}"] = new JsonObject
            {
                ["type"] = type, ["title"] = $"{type} {i}", ["x"] = i % 4 * 3, ["y"] = i / 4 * 3, ["w"] = 3, ["h"] = 3,
                ["config"] = new JsonObject { ["kpi"] = codes[i % codes.Length], ["period"] = "minute", ["decimals"] = 1 },
            };
        }

        return widgets;
    }

    private static JsonObject StaticWidgets(int count)
    {
        var widgets = new JsonObject();
        for (var i = 0; i < count; i++)
        {
            widgets[$"w{i}"] = new JsonObject
            {
                ["type"] = "html", ["title"] = $"static {i}", ["x"] = i % 4 * 3, ["y"] = i / 4 * 3, ["w"] = 3, ["h"] = 3,
                ["html"] = $"<p>{90 + i % 7}.0 %</p>",
            };
        }

        return widgets;
    }

    private static double P(List<double> samples, double q) => Latencies.Percentile([.. samples.Order()], q);
}
