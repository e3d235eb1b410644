namespace DashboardFactory.Bench;

/// <summary>What every bench mode that drives the real API does first: parse its options and find the API build.</summary>
internal static class ModeStart
{
    /// <summary>The options, or the exit code to return: 0 after --help, 2 after bad arguments or a missing API build.</summary>
    public static (T? Options, string? ApiDll, int ExitCode) Prepare<T>(string mode, string[] args, Func<string[], T> parse, string usage, Func<T, string?> apiDll)
        where T : class
    {
        T options;
        try
        {
            options = parse(args);
        }
        catch (BenchOptions.HelpRequested)
        {
            Console.WriteLine(usage);
            return (null, null, 0);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"bench {mode}: {error.Message}");
            Console.Error.WriteLine(usage);
            return (null, null, 2);
        }

        var dll = apiDll(options) ?? FanOut.ApiProcess.DefaultDll();
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"bench {mode}: no API at {dll}; build it first (dotnet build src/Api -c Release) or pass --api-dll");
            return (null, null, 2);
        }

        return (options, dll, 0);
    }
}
