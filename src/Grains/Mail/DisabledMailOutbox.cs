namespace DashboardFactory.Mail;

/// <summary>Mail is off (Smtp:Host empty): jobs are dropped, so no table or memory fills with mail nobody sends.</summary>
internal sealed class DisabledMailOutbox : IMailOutbox
{
    public Task EnqueueAsync(MailJob job) => Task.CompletedTask;

    public Task<IReadOnlyList<MailJob>> PendingJobsAsync(int limit) => Task.FromResult<IReadOnlyList<MailJob>>([]);

    public Task ExpandAsync(string jobId, IReadOnlyList<OutgoingMail> messages, DateTimeOffset now) => Task.CompletedTask;

    public Task<IReadOnlyList<OutgoingMail>> ClaimAsync(string owner, int limit, DateTimeOffset now, TimeSpan claimTimeout) =>
        Task.FromResult<IReadOnlyList<OutgoingMail>>([]);

    public Task MarkSentAsync(string messageId, DateTimeOffset now) => Task.CompletedTask;

    public Task MarkFailedAsync(string messageId, string error, DateTimeOffset retryAt, bool abandon, DateTimeOffset now) => Task.CompletedTask;

    public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => Task.Delay(timeout, cancellationToken);
}
