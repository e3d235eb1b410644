using System.Security.Cryptography;
using System.Text;

namespace DashboardFactory.Webhooks;

/// <summary>
/// Keeps webhook secrets encrypted in grain state: AES-256-GCM with the webhook id as associated data, so a
/// ciphertext copied onto another webhook does not decrypt. Format: "v1." + base64(nonce ‖ tag ‖ ciphertext).
/// </summary>
public sealed class SecretProtector(IWebhookKeySource keys)
{
    private const string Version = "v1.";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public static bool IsValidKey(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) && written == 32;
    }

    public async Task<string> ProtectAsync(string webhookId, string secret)
    {
        var key = await keys.GetKeyAsync();
        var plain = Encoding.UTF8.GetBytes(secret);
        var output = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceBytes + TagBytes), output.AsSpan(NonceBytes, TagBytes), Encoding.UTF8.GetBytes(webhookId));
        return Version + Convert.ToBase64String(output);
    }

    public async Task<string> UnprotectAsync(string webhookId, string protectedSecret)
    {
        if (!protectedSecret.StartsWith(Version, StringComparison.Ordinal))
        {
            throw new CryptographicException("Unknown protected-secret format.");
        }

        var key = await keys.GetKeyAsync();
        var input = Convert.FromBase64String(protectedSecret[Version.Length..]);
        var plain = new byte[input.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(input.AsSpan(0, NonceBytes), input.AsSpan(NonceBytes + TagBytes), input.AsSpan(NonceBytes, TagBytes), plain, Encoding.UTF8.GetBytes(webhookId));
        return Encoding.UTF8.GetString(plain);
    }
}
