using System.Security.Cryptography;
using System.Text;

namespace DashboardFactory.IntegrationTests.Webhooks;

/// <summary>
/// Signature verification written from the Standard Webhooks specification ("Verifying webhook authenticity"), not
/// from the product's signer: the signed content is "{webhook-id}.{webhook-timestamp}.{body}", the key is the
/// base64-decoded part of the secret after "whsec_", the signature is "v1," + base64(HMAC-SHA256), several
/// space-separated signatures may be present and any one valid "v1" signature passes, the timestamp must be within a
/// tolerance (the spec suggests five minutes) of now, and comparison is constant-time.
/// </summary>
public static class StandardWebhooksVerifier
{
    public static bool Verify(string secret, ReceivedRequest request, TimeSpan? tolerance = null) =>
        Verify(secret, request.Id, request.Timestamp, request.Body, request.Signature, DateTimeOffset.UtcNow, tolerance ?? TimeSpan.FromMinutes(5));

    public static bool Verify(string secret, string id, string timestamp, string body, string signatureHeader, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestamp, out var seconds) || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }

        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret);
        using var hmac = new HMACSHA256(key);
        var expected = hmac.ComputeHash(Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = candidate.IndexOf(',');
            if (comma < 0 || candidate[..comma] != "v1")
            {
                continue;
            }

            var given = new byte[expected.Length + 3];
            if (Convert.TryFromBase64String(candidate[(comma + 1)..], given, out var length) && length == expected.Length
                && CryptographicOperations.FixedTimeEquals(given.AsSpan(0, length), expected))
            {
                return true;
            }
        }

        return false;
    }
}
