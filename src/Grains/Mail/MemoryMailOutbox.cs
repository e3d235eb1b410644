namespace DashboardFactory.Mail;

/// <summary>
/// The embedded mode's mail outbox: the same rules as the PostgreSQL one, in this process's memory (one per silo
/// host, so test clusters in one process do not share mail).
/// </summary>
internal sealed class MemoryMailOutbox(MailWakeUp wakeUp) : IMailOutbox
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (MailJob Job, bool Expanded)> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _messages = new(StringComparer.Ordinal);
    private long _order;

    public Task EnqueueAsync(MailJob job)
    {
        lock (_gate)
        {
            _jobs.TryAdd(job.Id, (job, false));
        }

        wakeUp.Set();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<MailJob>> PendingJobsAsync(int limit)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<MailJob>>([.. _jobs.Values.Where(j => !j.Expanded).Select(j => j.Job).OrderBy(j => j.CreatedAt).Take(limit)]);
        }
    }

    public Task ExpandAsync(string jobId, IReadOnlyList<OutgoingMail> messages, DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var message in messages)
            {
                _messages.TryAdd(message.MessageId, new Entry(message, ++_order) { DueAt = now });
            }

            if (_jobs.TryGetValue(jobId, out var job))
            {
                _jobs[jobId] = (job.Job, true);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutgoingMail>> ClaimAsync(string owner, int limit, DateTimeOffset now, TimeSpan claimTimeout)
    {
        lock (_gate)
        {
            var due = _messages.Values
                .Where(e => e.SentAt is null && !e.Abandoned && e.DueAt <= now && (e.ClaimedUntil is null || e.ClaimedUntil < now))
                .OrderBy(e => e.Order)
                .Take(limit)
                .ToList();
            foreach (var entry in due)
            {
                entry.ClaimedUntil = now + claimTimeout;
                entry.Attempts++;
            }

            return Task.FromResult<IReadOnlyList<OutgoingMail>>([.. due.Select(e => e.Mail with { Attempts = e.Attempts })]);
        }
    }

    public Task MarkSentAsync(string messageId, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_messages.TryGetValue(messageId, out var entry))
            {
                entry.SentAt ??= now;
                entry.ClaimedUntil = null;
            }
        }

        return Task.CompletedTask;
    }

    public Task MarkFailedAsync(string messageId, string error, DateTimeOffset retryAt, bool abandon, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_messages.TryGetValue(messageId, out var entry) && entry.SentAt is null)
            {
                entry.DueAt = retryAt;
                entry.Abandoned = abandon;
                entry.ClaimedUntil = null;
            }
        }

        return Task.CompletedTask;
    }

    public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => wakeUp.WaitAsync(timeout, cancellationToken);

    private sealed class Entry(OutgoingMail mail, long order)
    {
        public OutgoingMail Mail { get; } = mail;

        public long Order { get; } = order;

        public int Attempts { get; set; }

        public DateTimeOffset DueAt { get; set; }

        public DateTimeOffset? ClaimedUntil { get; set; }

        public DateTimeOffset? SentAt { get; set; }

        public bool Abandoned { get; set; }
    }
}
