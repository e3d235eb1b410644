using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Webhooks;

/// <summary>
/// The SSRF guard. A webhook URL is checked when it is created, and every connection is checked again when an
/// attempt is made (the sender connects only to addresses this returns), so a name that later resolves to a
/// private address (DNS rebinding) reaches nothing. A host that resolves to several addresses is refused if any
/// of them is refused.
/// </summary>
public sealed class WebhookAddressGuard(IHostResolver resolver, IOptions<WebhookOptions> options)
{
    private readonly NetworkPolicy _policy = NetworkPolicy.From(options.Value);

    /// <summary>The addresses to connect to; throws <see cref="WebhookAddressRefusedException"/> when the host may not be reached.</summary>
    public async Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken cancellationToken)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        IPAddress[] addresses;
        if (IPAddress.TryParse(bare, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolver.ResolveAsync(bare, cancellationToken);
            }
            catch (SocketException error)
            {
                throw new WebhookAddressRefusedException($"The host '{bare}' could not be resolved ({error.SocketErrorCode}).");
            }
        }

        if (addresses.Length == 0)
        {
            throw new WebhookAddressRefusedException($"The host '{bare}' resolves to no address.");
        }

        foreach (var address in addresses)
        {
            if (_policy.RefusalOf(address) is { } kind)
            {
                var how = literal is null ? $"resolves to {address}, a {kind} address" : $"is a {kind} address";
                throw new WebhookAddressRefusedException(
                    $"The host '{bare}' {how}; webhooks may not reach it unless Webhooks:AllowedNetworks lists it.");
            }
        }

        return addresses;
    }

    /// <summary>Field errors for a URL a webhook is created with (empty when it is acceptable).</summary>
    public async Task<IReadOnlyList<string>> CheckUrlAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return ["Must be an absolute http or https URL."];
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return ["Must not carry credentials; the signature authenticates the sender."];
        }

        try
        {
            await ResolveAllowedAsync(uri.Host, cancellationToken);
            return [];
        }
        catch (WebhookAddressRefusedException refused)
        {
            return [refused.Message];
        }
    }
}
