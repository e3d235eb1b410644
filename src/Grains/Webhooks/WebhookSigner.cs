using System.Security.Cryptography;
using System.Text;

namespace DashboardFactory.Webhooks;

/// <summary>
/// Standard Webhooks signing: "v1," + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), one per key, separated
/// by spaces (the current key first, then a rotated-out one still in its grace period).
/// </summary>
public static class WebhookSigner
{
    public static string Sign(string messageId, long timestamp, string body, IEnumerable<byte[]> keys)
    {
        var content = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}");
        return string.Join(' ', keys.Select(key => "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content))));
    }
}
