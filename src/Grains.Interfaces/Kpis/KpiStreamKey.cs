using System.Diagnostics.CodeAnalysis;

namespace DashboardFactory.Kpis;

/// <summary>
/// The key of a KPI's live stream, "{code}:{period}" with the period in its wire spelling (e.g.
/// "perfect_order:minute"). It keys the <see cref="IKpiStreamGrain"/>, the Orleans stream on
/// <see cref="StreamNamespaces.KpiValues"/> and the SignalR group; ':' never occurs in an id, so it splits cleanly.
/// </summary>
public static class KpiStreamKey
{
    public const string Periods = "minute, hour, day";

    public static string Format(string code, KpiPeriod period) => $"{code}:{PeriodName(period)}";

    public static string PeriodName(KpiPeriod period) => period switch
    {
        KpiPeriod.Minute => "minute",
        KpiPeriod.Hour => "hour",
        KpiPeriod.Day => "day",
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    /// <summary>Only the exact lower-case words: "Minute" or "1" are refused, as API.md spells enum values.</summary>
    public static bool TryParsePeriod(string? text, out KpiPeriod period)
    {
        switch (text)
        {
            case "minute": period = KpiPeriod.Minute; return true;
            case "hour": period = KpiPeriod.Hour; return true;
            case "day": period = KpiPeriod.Day; return true;
            default: period = default; return false;
        }
    }

    /// <summary>Splits a key made by <see cref="Format"/>; the code is checked against the id rule by the caller.</summary>
    public static bool TryParse(string key, [NotNullWhen(true)] out string? code, out KpiPeriod period)
    {
        var colon = key.IndexOf(':');
        if (colon > 0 && TryParsePeriod(key[(colon + 1)..], out period))
        {
            code = key[..colon];
            return true;
        }

        code = null;
        period = default;
        return false;
    }
}
