using System.Globalization;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// The suite is deterministic: one seed decides every sampled value, and each case has a number. <c>DF_HOSTILE_SEED</c>
/// picks another seed; <c>DF_HOSTILE_CASE=n</c> runs case n alone (with what it needs: fixture, dumps);
/// <c>DF_HOSTILE_TRACE=file</c> writes each request and dump read with its time, to find what is slow.
/// </summary>
public static class HostileSeed
{
    public const int Default = 15_001;

    public static int Value => int.TryParse(Environment.GetEnvironmentVariable("DF_HOSTILE_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : Default;

    public static int? OnlyCase => int.TryParse(Environment.GetEnvironmentVariable("DF_HOSTILE_CASE"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    public static bool Runs(int number) => OnlyCase is not { } only || only == number;

    /// <summary><c>DF_HOSTILE_TRACE=file</c>: one line per request sent and per dump read, with its time, for finding slow cases.</summary>
    public static void TraceLine(string line)
    {
        if (Environment.GetEnvironmentVariable("DF_HOSTILE_TRACE") is { } file)
        {
            File.AppendAllText(file, line + "\n");
        }
    }
}
