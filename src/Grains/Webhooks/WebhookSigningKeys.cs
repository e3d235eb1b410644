namespace DashboardFactory.Webhooks;

/// <summary>
/// The keys one webhook signs with: the current secret's, then the previous one's while its rotation grace lasts.
/// Unprotected once and kept until that grace ends (or the secret rotates again), not for every delivery.
/// </summary>
public sealed class WebhookSigningKeys(string webhookId, SecretProtector protector)
{
    private (IReadOnlyList<byte[]> Keys, DateTimeOffset Until)? _cached;

    public async Task<IReadOnlyList<byte[]>> GetAsync(WebhookState state, DateTimeOffset now)
    {
        if (_cached is { } cached && now < cached.Until)
        {
            return cached.Keys;
        }

        var keys = new List<byte[]> { WebhookSecrets.KeyOf(await protector.UnprotectAsync(webhookId, state.ProtectedSecret)) };
        var until = DateTimeOffset.MaxValue;
        if (state.ProtectedPreviousSecret is { } previous && state.PreviousValidUntil is { } validUntil && now < validUntil)
        {
            keys.Add(WebhookSecrets.KeyOf(await protector.UnprotectAsync(webhookId, previous)));
            until = validUntil;
        }

        _cached = (keys, until);
        return keys;
    }

    /// <summary>The secret changed: the next delivery unprotects the keys again.</summary>
    public void Forget() => _cached = null;
}
