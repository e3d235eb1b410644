namespace DashboardFactory.Mail;

/// <summary>
/// The durable mail outbox: jobs as changes queue them, then messages per recipient that silos claim, send and
/// mark. Every write is idempotent by id, and a message is claimed by one silo at a time for
/// <see cref="SmtpOptions.ClaimTimeout"/>, so none is lost when a silo dies and none is sent by two at once.
/// </summary>
public interface IMailOutbox
{
    /// <summary>Queues a job; a job id seen before is ignored. Wakes this silo's dispatcher.</summary>
    Task EnqueueAsync(MailJob job);

    Task<IReadOnlyList<MailJob>> PendingJobsAsync(int limit);

    /// <summary>Stores the job's messages (ids seen before are ignored) and marks the job done, in one step.</summary>
    Task ExpandAsync(string jobId, IReadOnlyList<OutgoingMail> messages, DateTimeOffset now);

    /// <summary>Takes up to <paramref name="limit"/> due messages that no live claim holds, counting an attempt on each.</summary>
    Task<IReadOnlyList<OutgoingMail>> ClaimAsync(string owner, int limit, DateTimeOffset now, TimeSpan claimTimeout);

    Task MarkSentAsync(string messageId, DateTimeOffset now);

    /// <summary>Releases the claim; the message is due again at <paramref name="retryAt"/>, or never when abandoned.</summary>
    Task MarkFailedAsync(string messageId, string error, DateTimeOffset retryAt, bool abandon, DateTimeOffset now);

    /// <summary>Waits until a job is queued on this silo or the time passes.</summary>
    Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
