using System.Buffers.Binary;
using System.Text;

namespace DashboardFactory.Cockpits;

/// <summary>
/// The push link's wire format, silo to API node, one way. The silo opens the connection and sends a hello: the
/// 8 bytes <see cref="Magic"/>, then the node's token as <see cref="TokenLength"/> ASCII characters. The node closes a
/// connection whose hello is wrong or late. Then frames, each a 4-byte little-endian length (1 to
/// <see cref="MaxFrameLength"/>) and that many bytes of one Orleans-serialized <see cref="CockpitUpdated"/>; a frame
/// out of bounds or unreadable closes the connection too. Nothing is ever sent back.
/// </summary>
public static class CockpitPushWire
{
    /// <summary>"DFPUSH" and the format's version, 1.</summary>
    public static ReadOnlySpan<byte> Magic => "DFPUSH\u0001\n"u8;

    public const int TokenLength = 43;

    public const int HelloLength = 8 + TokenLength;

    /// <summary>Far above any update (a few hundred bytes; a whole layout's feature lists at most tens of KB).</summary>
    public const int MaxFrameLength = 1 << 20;

    /// <summary>A fresh node token: 32 random bytes, base64url without padding (43 characters).</summary>
    public static string NewToken() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hello(string token)
    {
        if (token.Length != TokenLength || Encoding.ASCII.GetByteCount(token) != TokenLength)
        {
            throw new ArgumentException($"A push token is {TokenLength} ASCII characters.", nameof(token));
        }

        var hello = new byte[HelloLength];
        Magic.CopyTo(hello);
        Encoding.ASCII.GetBytes(token, hello.AsSpan(8));
        return hello;
    }

    /// <summary>Whether <paramref name="hello"/> is this format's hello carrying <paramref name="token"/>; constant time in the token.</summary>
    public static bool IsHello(ReadOnlySpan<byte> hello, ReadOnlySpan<byte> token) =>
        hello.Length == HelloLength && hello[..8].SequenceEqual(Magic) &&
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(hello[8..], token);

    public static int ReadLength(ReadOnlySpan<byte> prefix) => BinaryPrimitives.ReadInt32LittleEndian(prefix);

    public static void WriteLength(Span<byte> prefix, int length) => BinaryPrimitives.WriteInt32LittleEndian(prefix, length);
}
