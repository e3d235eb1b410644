using System.Security.Cryptography;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DashboardFactory.Mail;

/// <summary>One SMTP session for a batch of messages (MailKit). Not thread-safe: one per dispatcher pass.</summary>
internal sealed class SmtpMailSender(IOptions<SmtpOptions> options) : IAsyncDisposable
{
    private readonly SmtpClient _client = new();

    private SmtpOptions Options => options.Value;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _client.Timeout = (int)Options.Timeout.TotalMilliseconds;
        await _client.ConnectAsync(Options.Host, Options.Port, SocketOptions(Options.Security), cancellationToken);
        if (!string.IsNullOrEmpty(Options.User))
        {
            await _client.AuthenticateAsync(Options.User, Options.Password ?? string.Empty, cancellationToken);
        }
    }

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(Options.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;

        // The same Message-ID on every attempt: if a silo dies between the server's acceptance and marking the
        // message sent, the resend is recognisable as the same message.
        message.MessageId = $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(mail.MessageId)))[..32]}@dashboard-factory";
        message.Body = new TextPart("plain") { Text = mail.Body };
        await _client.SendAsync(message, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(quit: true);
            }
            catch (Exception)
            {
                // The messages are already marked; a failed QUIT changes nothing.
            }
        }

        _client.Dispose();
    }

    private static SecureSocketOptions SocketOptions(string security) => security.ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "tls" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
