using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Auth;

/// <summary>
/// A keyed MAC on every user token, checked at the edge: a token is "{userId}.{secret}.{mac}", the user grain
/// knows only "{userId}.{secret}", and the API nodes append and check the MAC. A forged or mistyped token is
/// refused by arithmetic, before any grain is activated or storage read, so inventing tokens cannot make the
/// cluster load user grains. The key is <c>Auth:TokenKey</c>, or derived from <c>Auth:AdminToken</c> (so every
/// API node of a cluster agrees without another setting; changing either invalidates every user token).
/// </summary>
public sealed class TokenSeal
{
    // 128 bits of HMAC-SHA256, base64url (22 characters): a forgery succeeds with probability 2^-128 per try.
    private const int MacBytes = 16;

    private readonly byte[] _key;

    public TokenSeal(IOptions<AuthOptions> auth)
    {
        var options = auth.Value;
        _key = string.IsNullOrEmpty(options.TokenKey)
            ? HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.AdminToken!), "dashboard-factory/token-seal/v1"u8)
            : SHA256.HashData(Encoding.UTF8.GetBytes(options.TokenKey));
    }

    /// <summary>The token a client gets: the grain's token with its MAC appended.</summary>
    public string Seal(string inner) => inner + "." + Mac(inner);

    /// <summary>The grain's token when <paramref name="token"/> carries a valid MAC; false for anything else.</summary>
    public bool TryOpen(string token, out string inner)
    {
        inner = string.Empty;
        var dot = token.LastIndexOf('.');
        if (dot <= 0 || dot == token.Length - 1)
        {
            return false;
        }

        // Compared as text, not decoded: base64 decoders ignore the unused bits of the last character, so two
        // spellings would open the same token.
        var candidate = token[..dot];
        var given = token.AsSpan(dot + 1);
        var expected = Mac(candidate);
        if (given.Length != expected.Length
            || !CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(given), MemoryMarshal.AsBytes(expected.AsSpan())))
        {
            return false;
        }

        inner = candidate;
        return true;
    }

    private string Mac(string inner)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(inner), mac);
        return Convert.ToBase64String(mac[..MacBytes]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
