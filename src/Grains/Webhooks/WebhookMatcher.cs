using System.Text.Json;
using DashboardFactory.Kpis;
using DashboardFactory.Outbox;

namespace DashboardFactory.Webhooks;

/// <summary>Which enabled webhooks an outbox event goes to: by type, and for kpi.value by the KPI code and period too.</summary>
public static class WebhookMatcher
{
    public static IEnumerable<WebhookView> Recipients(OutboxEvent e, IEnumerable<WebhookView> webhooks)
    {
        (string Code, string Period)? kpi = e.Type == WebhookEventTypes.KpiValue ? KpiOf(e.PayloadJson) : null;
        foreach (var webhook in webhooks)
        {
            if (!webhook.Enabled || !webhook.Events.Contains(e.Type, StringComparer.Ordinal))
            {
                continue;
            }

            if (e.Type == WebhookEventTypes.KpiValue && (kpi is not { } k || !WantsKpi(webhook, k.Code, k.Period)))
            {
                continue;
            }

            yield return webhook;
        }
    }

    public static bool WantsKpi(WebhookView webhook, string code, string period) =>
        webhook.Kpis.Contains(code, StringComparer.Ordinal) && (webhook.Period ?? KpiPeriod.Minute).ToWire() == period;

    private static (string, string)? KpiOf(string payload)
    {
        try
        {
            using var json = JsonDocument.Parse(payload);
            return json.RootElement.TryGetProperty("code", out var code) && json.RootElement.TryGetProperty("period", out var period)
                ? (code.GetString() ?? string.Empty, period.GetString() ?? string.Empty)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
