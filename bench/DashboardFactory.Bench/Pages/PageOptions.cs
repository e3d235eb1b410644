namespace DashboardFactory.Bench.Pages;

/// <summary>Options of <c>bench page</c>.</summary>
internal sealed record PageOptions(int Opens, int CpuSeconds, int Widgets, double PointsPerSecond, string? ApiDll, string? Chromium, string? Trace = null)
{
    public const string Usage = """
        Usage: dotnet run --project bench/DashboardFactory.Bench -c Release -- page [options]

        The cockpit page's budgets in a real headless Chromium (Debian's chromium, driven by Playwright) against the
        real API (Kestrel, embedded silo): the gzipped JS + CSS a cockpit loads first, page open to first KPI values
        painted (cold and warm cache), and the browser main-thread CPU of a cockpit with live widgets at minute
        period while KPIs receive points, next to the same cockpit with its widgets static (the baseline).

          --opens <n>          page opens measured per cache state (default 10)
          --cpu-seconds <n>    how long CPU is measured per cockpit (default 30)
          --widgets <n>        live widgets on the cockpit (default 20)
          --points <n>         points per second posted to each of the 5 KPIs (default 2)
          --api-dll <path>     the API build (default: src/Api/bin/Release/net10.0/DashboardFactory.Api.dll)
          --chromium <path>    the browser (default: /usr/bin/chromium)
          --trace <file>       write a Chromium performance trace of the last empty-cache open (open it in DevTools'
                               Performance panel or ui.perfetto.dev) and print its busiest event kinds
        """;

    public static PageOptions Parse(string[] args)
    {
        var options = new PageOptions(10, 30, 20, 2, null, null);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--opens" => options with { Opens = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--cpu-seconds" => options with { CpuSeconds = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--widgets" => options with { Widgets = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--points" => options with { PointsPerSecond = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--api-dll" => options with { ApiDll = Next() },
                "--chromium" => options with { Chromium = Next() },
                "--trace" => options with { Trace = Next() },
                "-h" or "--help" => throw new BenchOptions.HelpRequested(),
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options.Opens < 1 || options.CpuSeconds < 5 || options.Widgets < 1 || options.PointsPerSecond <= 0
            ? throw new ArgumentException("--opens >= 1, --cpu-seconds >= 5, --widgets >= 1, --points > 0")
            : options;
    }
}
