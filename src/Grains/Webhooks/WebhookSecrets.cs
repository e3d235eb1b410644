using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace DashboardFactory.Webhooks;

/// <summary>Standard Webhooks secrets: "whsec_" followed by the base64 of the key bytes (here 32 random bytes).</summary>
public static class WebhookSecrets
{
    public const string Prefix = "whsec_";
    public const int KeyBytes = 32;

    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>The HMAC key: the decoded bytes after the prefix.</summary>
    public static bool TryKeyOf(string? secret, [NotNullWhen(true)] out byte[]? key)
    {
        key = null;
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var buffer = new byte[secret.Length];
        if (!Convert.TryFromBase64String(secret[Prefix.Length..], buffer, out var written) || written < 24)
        {
            return false;
        }

        key = buffer[..written];
        return true;
    }

    public static byte[] KeyOf(string secret) =>
        TryKeyOf(secret, out var key) ? key : throw new FormatException("Not a whsec_ secret of at least 24 bytes.");
}
