using System.IO.Hashing;
using System.Text;

namespace DashboardFactory.Api.Demo;

/// <summary>
/// The demo KPIs (the codes the demo widgets' config names) and their shapes: a daily sine with noise, a step
/// with noise, and a slow drift. Values depend only on the code and the time, so a restarted simulator
/// reposts exactly the points it posted before, and the point ids make those duplicates.
/// </summary>
internal static class KpiShapes
{
    public static readonly IReadOnlyList<string> Codes = ["perfect_order", "on_time_delivery", "inventory_accuracy"];

    public static double Value(string code, DateTimeOffset ts)
    {
        var hours = ts.UtcDateTime.TimeOfDay.TotalHours;
        var noise = Noise(code, ts);
        return code switch
        {
            // Peaks mid-afternoon UTC, dips at night.
            "perfect_order" => Math.Round(96.5 + 1.5 * Math.Sin((hours - 9) / 24 * 2 * Math.PI) + 0.6 * noise, 3),

            // A carrier problem every day from 13:00 to 17:00 UTC knocks four points off.
            "on_time_delivery" => Math.Round((hours is >= 13 and < 17 ? 90.5 : 94.8) + 0.8 * noise, 3),

            // Counts drift out of true through the week and are reset by the Monday stock-take.
            "inventory_accuracy" => Math.Round(99.6 - 0.02 * HoursSinceMonday(ts) + 0.15 * noise, 3),
            _ => Math.Round(50 + 10 * noise, 3),
        };
    }

    public static string PointId(string code, DateTimeOffset ts) => $"sim-{code}-{ts.ToUnixTimeSeconds()}";

    /// <summary>Deterministic noise in [-1, 1] for (code, second).</summary>
    internal static double Noise(string code, DateTimeOffset ts) =>
        XxHash32.HashToUInt32(Encoding.UTF8.GetBytes($"{code}:{ts.ToUnixTimeSeconds()}")) / (double)uint.MaxValue * 2 - 1;

    private static double HoursSinceMonday(DateTimeOffset ts)
    {
        var utc = ts.UtcDateTime;
        var days = ((int)utc.DayOfWeek + 6) % 7;
        return days * 24 + utc.TimeOfDay.TotalHours;
    }
}
