using System.Security.Cryptography;
using System.Text;

namespace DashboardFactory.Users;

/// <summary>
/// Bearer tokens are "{userId}.{secret}": the id lets any API node find the one user grain that can
/// check the secret (no token index to keep), and the secret is 256 random bits in base64url, which
/// has no '.', so splitting at the last dot is unambiguous even for ids that contain dots.
/// Only a SHA-256 of the secret is stored: with 256 bits of entropy a slow hash adds nothing.
/// </summary>
public static class UserToken
{
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Format(string userId, string secret) => $"{userId}.{secret}";

    public static bool TryParse(string token, out string userId, out string secret)
    {
        var dot = token.LastIndexOf('.');
        if (dot <= 0 || dot == token.Length - 1)
        {
            userId = secret = string.Empty;
            return false;
        }

        userId = token[..dot];
        secret = token[(dot + 1)..];
        return true;
    }

    public static string Hash(string secret) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string? storedHash)
    {
        if (string.IsNullOrEmpty(storedHash))
        {
            return false;
        }

        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        byte[] expected;
        try
        {
            expected = Convert.FromHexString(storedHash);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
