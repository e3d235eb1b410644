using Npgsql;

namespace DashboardFactory.Mail;

/// <summary>The mail_jobs and mail_outbox tables (sql/0011_mail_outbox.sql).</summary>
internal sealed class PostgresMailOutbox(NpgsqlDataSource dataSource, MailWakeUp wakeUp) : IMailOutbox
{
    public async Task EnqueueAsync(MailJob job)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO mail_jobs (job_id, kind, payload, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (job_id) DO NOTHING");
        command.Parameters.AddWithValue(job.Id);
        command.Parameters.AddWithValue(job.Kind);
        command.Parameters.AddWithValue(job.PayloadJson);
        command.Parameters.AddWithValue(job.CreatedAt);
        await command.ExecuteNonQueryAsync();
        wakeUp.Set();
    }

    public async Task<IReadOnlyList<MailJob>> PendingJobsAsync(int limit)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT job_id, kind, payload, created_at FROM mail_jobs WHERE expanded_at IS NULL ORDER BY created_at, job_id LIMIT $1");
        command.Parameters.AddWithValue(limit);
        await using var reader = await command.ExecuteReaderAsync();
        var jobs = new List<MailJob>();
        while (await reader.ReadAsync())
        {
            jobs.Add(new MailJob(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return jobs;
    }

    public async Task ExpandAsync(string jobId, IReadOnlyList<OutgoingMail> messages, DateTimeOffset now)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var message in messages)
        {
            var insert = new NpgsqlBatchCommand(
                "INSERT INTO mail_outbox (message_id, job_id, recipient, subject, body, created_at, next_attempt_at) " +
                "VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (message_id) DO NOTHING");
            insert.Parameters.AddWithValue(message.MessageId);
            insert.Parameters.AddWithValue(message.JobId);
            insert.Parameters.AddWithValue(message.To);
            insert.Parameters.AddWithValue(message.Subject);
            insert.Parameters.AddWithValue(message.Body);
            insert.Parameters.AddWithValue(now);
            batch.BatchCommands.Add(insert);
        }

        var done = new NpgsqlBatchCommand("UPDATE mail_jobs SET expanded_at = $2 WHERE job_id = $1 AND expanded_at IS NULL");
        done.Parameters.AddWithValue(jobId);
        done.Parameters.AddWithValue(now);
        batch.BatchCommands.Add(done);
        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    public async Task<IReadOnlyList<OutgoingMail>> ClaimAsync(string owner, int limit, DateTimeOffset now, TimeSpan claimTimeout)
    {
        // SKIP LOCKED: silos claiming at the same moment take different messages instead of waiting on each other.
        await using var command = dataSource.CreateCommand("""
            UPDATE mail_outbox SET claimed_by = $1, claimed_until = $2, attempts = attempts + 1
            WHERE message_id IN (
                SELECT message_id FROM mail_outbox
                WHERE sent_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= $3
                  AND (claimed_until IS NULL OR claimed_until < $3)
                ORDER BY created_at, message_id
                LIMIT $4
                FOR UPDATE SKIP LOCKED)
            RETURNING message_id, job_id, recipient, subject, body, attempts
            """);
        command.Parameters.AddWithValue(owner);
        command.Parameters.AddWithValue(now + claimTimeout);
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(limit);
        await using var reader = await command.ExecuteReaderAsync();
        var claimed = new List<OutgoingMail>();
        while (await reader.ReadAsync())
        {
            claimed.Add(new OutgoingMail(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5)));
        }

        return claimed;
    }

    public async Task MarkSentAsync(string messageId, DateTimeOffset now)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE mail_outbox SET sent_at = $2, claimed_by = NULL, claimed_until = NULL, last_error = NULL WHERE message_id = $1 AND sent_at IS NULL");
        command.Parameters.AddWithValue(messageId);
        command.Parameters.AddWithValue(now);
        await command.ExecuteNonQueryAsync();
    }

    public async Task MarkFailedAsync(string messageId, string error, DateTimeOffset retryAt, bool abandon, DateTimeOffset now)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE mail_outbox SET next_attempt_at = $2, last_error = $3, claimed_by = NULL, claimed_until = NULL, " +
            "abandoned_at = CASE WHEN $4 THEN $5 END WHERE message_id = $1 AND sent_at IS NULL");
        command.Parameters.AddWithValue(messageId);
        command.Parameters.AddWithValue(retryAt);
        command.Parameters.AddWithValue(error);
        command.Parameters.AddWithValue(abandon);
        command.Parameters.AddWithValue(now);
        await command.ExecuteNonQueryAsync();
    }

    public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => wakeUp.WaitAsync(timeout, cancellationToken);
}
