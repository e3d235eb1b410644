using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Auth;

/// <summary>
/// Tokens that carried a valid MAC but that their user grain refused (rotated, revoked, user removed), remembered
/// for a short while so that a client retrying an old token in a loop costs a dictionary lookup, not a grain call.
/// Bounded: past <see cref="AuthOptions.RefusedTokenCacheSize"/> the oldest entry goes. Only the SHA-256 of a
/// token is kept.
/// </summary>
public sealed class RefusedTokens(IOptions<AuthOptions> auth, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _until.Count;
            }
        }
    }

    public bool Contains(string token)
    {
        if (auth.Value.RefusedTokenCacheSeconds == 0)
        {
            return false;
        }

        var key = Key(token);
        lock (_gate)
        {
            return _until.TryGetValue(key, out var until) && until > time.GetUtcNow();
        }
    }

    public void Add(string token)
    {
        var options = auth.Value;
        if (options.RefusedTokenCacheSeconds == 0 || options.RefusedTokenCacheSize == 0)
        {
            return;
        }

        var key = Key(token);
        lock (_gate)
        {
            if (!_until.ContainsKey(key))
            {
                _order.Enqueue(key);
            }

            _until[key] = time.GetUtcNow().AddSeconds(options.RefusedTokenCacheSeconds);
            while (_until.Count > options.RefusedTokenCacheSize && _order.TryDequeue(out var oldest))
            {
                _until.Remove(oldest);
            }
        }
    }

    private static string Key(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
