namespace DashboardFactory.Bench;

public static class Latencies
{
    /// <summary>Nearest-rank percentile of ascending samples; NaN when there are none.</summary>
    public static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
