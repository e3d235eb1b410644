using System.Diagnostics.CodeAnalysis;

namespace DashboardFactory.Api.Streams;

/// <summary>What a ticket opens: "kpi:{code}", "cockpit:{id}" or "alerts".</summary>
public sealed record StreamScope(string Kind, string? Id)
{
    public const string Kpi = "kpi";
    public const string Cockpit = "cockpit";
    public const string Alerts = "alerts";

    public static bool TryParse(string? text, [NotNullWhen(true)] out StreamScope? scope)
    {
        scope = null;
        if (text == Alerts)
        {
            scope = new StreamScope(Alerts, null);
            return true;
        }

        var colon = text?.IndexOf(':') ?? -1;
        if (colon < 0)
        {
            return false;
        }

        var kind = text![..colon];
        var id = text[(colon + 1)..];
        if (kind is not (Kpi or Cockpit) || !Ids.IsValid(id))
        {
            return false;
        }

        scope = new StreamScope(kind, id);
        return true;
    }

    public override string ToString() => Id is null ? Kind : $"{Kind}:{Id}";
}
