using DashboardFactory.Cockpits;
using DashboardFactory.Telemetry;
using DashboardFactory.Users;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Mail;

/// <summary>
/// Runs on every silo while mail is on: turns queued jobs into messages (looking the recipients up in the
/// cockpit and user grains), then claims due messages, sends them over one SMTP session and marks each sent,
/// or due again later with a growing delay, or abandoned after Smtp:MaxAttempts. Woken at once by a job queued
/// on its own silo, otherwise every Smtp:PollInterval; it never stops the silo.
/// </summary>
internal sealed partial class MailDispatcher(
    IMailOutbox outbox,
    IGrainFactory grains,
    IOptions<SmtpOptions> options,
    TimeProvider time,
    ILogger<MailDispatcher> logger) : BackgroundService
{
    private const int JobsPerPass = 10;
    private const int MessagesPerClaim = 50;
    private const int LookupsAtOnce = 64;

    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    private SmtpOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ExpandJobsAsync();
                await SendDueAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(error);
            }

            try
            {
                await outbox.WaitForWorkAsync(Options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ExpandJobsAsync()
    {
        foreach (var job in await outbox.PendingJobsAsync(JobsPerPass))
        {
            var messages = job.Kind == RollbackMail.Kind ? await ComposeRollbackAsync(job) : [];
            await outbox.ExpandAsync(job.Id, messages, time.GetUtcNow());
            LogExpanded(job.Id, messages.Count);
        }
    }

    private async Task<IReadOnlyList<OutgoingMail>> ComposeRollbackAsync(MailJob job)
    {
        var payload = RollbackMail.Read(job);
        var owners = await LookUpAsync(payload.Cockpits, async id => (await grains.GetGrain<ICockpitGrain>(id).GetAsync())?.OwnerId);
        var ownerByCockpit = owners.Where(o => o.Value is not null).ToDictionary(o => o.Key, o => o.Value!, StringComparer.Ordinal);
        var operators = await RecipientsAsync(ownerByCockpit.Values.Distinct(StringComparer.Ordinal), _ => true);
        var adminIds = await grains.GetGrain<IAdminDirectoryGrain>(IAdminDirectoryGrain.Key).ListAsync();
        var admins = await RecipientsAsync(adminIds, p => p.Role == UserRole.Admin);
        var messages = RollbackMail.Compose(job, payload, ownerByCockpit, operators, [.. admins.Values]);
        LogComposed(payload.RollbackId, payload.FeatureId, operators.Count, admins.Count);
        return messages;
    }

    private async Task<Dictionary<string, MailRecipient>> RecipientsAsync(IEnumerable<string> userIds, Func<UserProfile, bool> wanted)
    {
        var profiles = await LookUpAsync([.. userIds], id => grains.GetGrain<IUserGrain>(id).GetAsync());
        return profiles.Values
            .OfType<UserProfile>()
            .Where(p => !string.IsNullOrEmpty(p.Email) && wanted(p))
            .ToDictionary(p => p.Id, p => new MailRecipient(p.Id, p.Name, p.Email!), StringComparer.Ordinal);
    }

    private static async Task<Dictionary<string, T?>> LookUpAsync<T>(IReadOnlyList<string> ids, Func<string, Task<T?>> lookUp)
    {
        var found = new Dictionary<string, T?>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(LookupsAtOnce))
        {
            var answers = await Task.WhenAll(chunk.Select(async id => (id, await lookUp(id))));
            foreach (var (id, value) in answers)
            {
                found[id] = value;
            }
        }

        return found;
    }

    private async Task SendDueAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = await outbox.ClaimAsync(_owner, MessagesPerClaim, time.GetUtcNow(), Options.ClaimTimeout);
            if (claimed.Count == 0)
            {
                return;
            }

            await using var sender = new SmtpMailSender(options);
            try
            {
                await sender.ConnectAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogConnectFailed(error, Options.Host, Options.Port);
                foreach (var mail in claimed)
                {
                    await FailedAsync(mail, error);
                }

                return;
            }

            foreach (var mail in claimed)
            {
                try
                {
                    await sender.SendAsync(mail, stoppingToken);
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    await FailedAsync(mail, error);
                    continue;
                }

                await outbox.MarkSentAsync(mail.MessageId, time.GetUtcNow());
                FactoryMetrics.Mail("sent");
                LogSent(mail.MessageId, mail.JobId, mail.Attempts);
            }
        }
    }

    private async Task FailedAsync(OutgoingMail mail, Exception error)
    {
        var abandon = mail.Attempts >= Options.MaxAttempts;
        var now = time.GetUtcNow();
        await outbox.MarkFailedAsync(mail.MessageId, error.Message, now + Options.BackoffAfter(mail.Attempts), abandon, now);
        FactoryMetrics.Mail(abandon ? "abandoned" : "retried");
        if (abandon)
        {
            LogAbandoned(error, mail.MessageId, mail.JobId, mail.Attempts);
        }
        else
        {
            LogRetry(mail.MessageId, mail.JobId, mail.Attempts, error.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rollback {RollbackId} of {FeatureId}: mail for {Operators} operator(s) and {Admins} admin(s)")]
    private partial void LogComposed(string rollbackId, string featureId, int operators, int admins);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mail job {JobId} expanded into {Messages} message(s)")]
    private partial void LogExpanded(string jobId, int messages);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail {MessageId} of job {JobId} sent (attempt {Attempt})")]
    private partial void LogSent(string messageId, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MessageId} of job {JobId} failed (attempt {Attempt}): {Reason}; it will be retried")]
    private partial void LogRetry(string messageId, string jobId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail {MessageId} of job {JobId} abandoned after {Attempt} attempts")]
    private partial void LogAbandoned(Exception error, string messageId, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach the SMTP server {Host}:{Port}; the claimed mail is retried later")]
    private partial void LogConnectFailed(Exception error, string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A mail pass failed; the next pass tries again")]
    private partial void LogPassFailed(Exception error);
}
