using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Webhooks;

/// <summary>
/// Makes one attempt: POST the delivery's body with the Standard Webhooks headers, signed at this moment. Every
/// connection goes through the SSRF guard (the connect callback resolves the host itself and connects only to
/// allowed addresses), redirects are not followed, no proxy is used (it would connect on our behalf, unchecked),
/// and the whole attempt is bounded by Webhooks:Timeout. At most 1 KB of the answer is read.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;

    public WebhookSender(WebhookAddressGuard guard, IOptions<WebhookOptions> options, TimeProvider time)
    {
        _time = time;
        _timeout = options.Value.Timeout;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectTimeout = options.Value.Timeout,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var addresses = await guard.ResolveAllowedAsync(context.DnsEndPoint.Host, cancellationToken);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("DashboardFactory-Webhooks/1.0");
    }

    public async Task<SendResult> SendAsync(string url, WebhookDelivery delivery, IReadOnlyList<byte[]> keys, CancellationToken cancellationToken)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", delivery.EventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigner.Sign(delivery.EventId, timestamp, delivery.Body, keys));

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var body = await ReadStartAsync(response, limit.Token);
            var retryAfter = response.Headers.RetryAfter is { } header
                ? header.Delta ?? (header.Date is { } date ? date - _time.GetUtcNow() : null)
                : null;
            return new SendResult((int)response.StatusCode, body, retryAfter, Error: null, response.Headers.Location?.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendResult.Failed($"No answer within {_timeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException error) when (error.InnerException is WebhookAddressRefusedException refused)
        {
            return SendResult.Failed($"Refused: {refused.Message}");
        }
        catch (HttpRequestException error)
        {
            return SendResult.Failed(error.HttpRequestError == HttpRequestError.Unknown ? error.Message : $"{error.HttpRequestError}: {error.Message}");
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The first kilobyte of the answer, decoded leniently; the rest is never read.</summary>
    private static async Task<string?> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[WebhookOptions.MaxResponseBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
    }
}
