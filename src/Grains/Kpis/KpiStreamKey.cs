using System.Diagnostics.CodeAnalysis;

namespace DashboardFactory.Kpis;

/// <summary>
/// The key of a KPI's live stream, "{code}:{period}" with the period in its wire spelling (e.g.
/// "perfect_order:minute"). It keys the <see cref="IKpiStreamGrain"/>, the Orleans stream on
/// <see cref="StreamNamespaces.KpiValues"/> and the SignalR group; ':' never occurs in an id, so it splits cleanly.
/// </summary>
public static class KpiStreamKey
{
    /// <summary>The accepted periods, for error messages.</summary>
    public const string Periods = "minute, hour, day";

    public static string Format(string code, KpiPeriod period) => $"{code}:{period.ToWire()}";

    /// <summary>Splits a key made by <see cref="Format"/>; false unless the code is a valid id and the period a wire name.</summary>
    public static bool TryParse(string key, [NotNullWhen(true)] out string? code, out KpiPeriod period)
    {
        var colon = key.IndexOf(':');
        if (colon > 0 && Ids.IsValid(key[..colon]) && KpiPeriods.TryParse(key[(colon + 1)..], out period))
        {
            code = key[..colon];
            return true;
        }

        code = null;
        period = default;
        return false;
    }
}
