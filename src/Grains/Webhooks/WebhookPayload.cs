using System.Text.Json;
using DashboardFactory.Outbox;

namespace DashboardFactory.Webhooks;

/// <summary>The body every receiver gets: <c>{"type", "timestamp", "data"}</c>, with the event's own JSON as data.</summary>
public static class WebhookPayload
{
    public static string Body(OutboxEvent e)
    {
        using var data = JsonDocument.Parse(e.PayloadJson);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", e.Type);
            json.WriteString("timestamp", e.CreatedAt.UtcDateTime);
            json.WritePropertyName("data");
            data.RootElement.WriteTo(json);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
