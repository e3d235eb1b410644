using Npgsql;
using NpgsqlTypes;

namespace DashboardFactory.Webhooks;

/// <summary>The webhook_deliveries queue and webhook_delivery_log, written in batches (one statement per step, not per row).</summary>
public sealed class PostgresWebhookStore(NpgsqlDataSource dataSource) : IWebhookStore
{
    public async Task AddAsync(IReadOnlyList<WebhookDelivery> deliveries)
    {
        if (deliveries.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand("""
            INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, body, queued_at, status, attempts, next_attempt_at, updated_at)
            SELECT w, e, t, b, q, 'pending', 0, n, q FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[]) AS x(w, e, t, b, q, n)
            ON CONFLICT (webhook_id, event_id) DO NOTHING
            """);
        command.Parameters.AddWithValue(deliveries.Select(d => d.WebhookId).ToArray());
        command.Parameters.AddWithValue(deliveries.Select(d => d.EventId).ToArray());
        command.Parameters.AddWithValue(deliveries.Select(d => d.Type).ToArray());
        command.Parameters.AddWithValue(deliveries.Select(d => d.Body).ToArray());
        command.Parameters.AddWithValue(deliveries.Select(d => d.QueuedAt).ToArray());
        command.Parameters.AddWithValue(deliveries.Select(d => d.NextAttemptAt).ToArray());
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<WebhookDelivery>> DueAsync(string webhookId, DateTimeOffset now, int limit)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT event_id, event_type, body, queued_at, attempts, next_attempt_at FROM webhook_deliveries
            WHERE webhook_id = $1 AND status = 'pending' AND next_attempt_at <= $2
            ORDER BY next_attempt_at, queued_at LIMIT $3
            """);
        command.Parameters.AddWithValue(webhookId);
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(limit);
        await using var reader = await command.ExecuteReaderAsync();
        var due = new List<WebhookDelivery>();
        while (await reader.ReadAsync())
        {
            due.Add(new WebhookDelivery(webhookId, reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt32(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return due;
    }

    public async Task<DateTimeOffset?> NextDueAsync(string webhookId)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT min(next_attempt_at) FROM webhook_deliveries WHERE webhook_id = $1 AND status = 'pending'");
        command.Parameters.AddWithValue(webhookId);
        return await command.ExecuteScalarAsync() is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    public async Task RecordAsync(IReadOnlyList<WebhookAttempt> attempts)
    {
        if (attempts.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var log = new NpgsqlCommand("""
            INSERT INTO webhook_delivery_log (webhook_id, event_id, event_type, attempt, status, response_status, at, next_attempt_at, error, response_body)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::text[])
            """, connection, transaction))
        {
            AddLogParameters(log, attempts);
            await log.ExecuteNonQueryAsync();
        }

        await using (var update = new NpgsqlCommand("""
            UPDATE webhook_deliveries d SET
                attempts = x.attempt,
                status = CASE x.status WHEN 'failed' THEN 'pending' ELSE x.status END,
                next_attempt_at = COALESCE(x.next_attempt_at, d.next_attempt_at),
                updated_at = x.at
            FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::timestamptz[]) AS x(webhook_id, event_id, attempt, status, at, next_attempt_at)
            WHERE d.webhook_id = x.webhook_id AND d.event_id = x.event_id AND d.status = 'pending'
            """, connection, transaction))
        {
            update.Parameters.AddWithValue(attempts.Select(a => a.WebhookId).ToArray());
            update.Parameters.AddWithValue(attempts.Select(a => a.EventId).ToArray());
            update.Parameters.AddWithValue(attempts.Select(a => a.Attempt).ToArray());
            update.Parameters.AddWithValue(attempts.Select(a => Wire(a.Status)).ToArray());
            update.Parameters.AddWithValue(attempts.Select(a => a.At).ToArray());
            update.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => (DateTimeOffset?)a.NextAttemptAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            await update.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    public async Task AbandonPendingAsync(string webhookId, string reason, DateTimeOffset at)
    {
        await using var command = dataSource.CreateCommand("""
            WITH abandoned AS (
                UPDATE webhook_deliveries SET status = 'abandoned', updated_at = $3
                WHERE webhook_id = $1 AND status = 'pending'
                RETURNING event_id, event_type, attempts)
            INSERT INTO webhook_delivery_log (webhook_id, event_id, event_type, attempt, status, at, error)
            SELECT $1, event_id, event_type, attempts, 'abandoned', $3, $2 FROM abandoned
            """);
        command.Parameters.AddWithValue(webhookId);
        command.Parameters.AddWithValue(reason);
        command.Parameters.AddWithValue(at);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<WebhookDeliveryView>> ListAsync(string webhookId, int limit)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT event_id, event_type, attempt, status, response_status, at, next_attempt_at, error, response_body FROM (
                (SELECT event_id, event_type, attempt, status, response_status, at, next_attempt_at, error, response_body, id AS seq
                 FROM webhook_delivery_log WHERE webhook_id = $1 ORDER BY at DESC, id DESC LIMIT $2)
                UNION ALL
                (SELECT event_id, event_type, attempts + 1, 'pending', NULL, updated_at, next_attempt_at, NULL, NULL, 9223372036854775807
                 FROM webhook_deliveries WHERE webhook_id = $1 AND status = 'pending' ORDER BY updated_at DESC LIMIT $2)
            ) lines ORDER BY at DESC, seq DESC LIMIT $2
            """);
        command.Parameters.AddWithValue(webhookId);
        command.Parameters.AddWithValue(limit);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<WebhookDeliveryView>();
        while (await reader.ReadAsync())
        {
            lines.Add(new WebhookDeliveryView(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                Parse(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return lines;
    }

    public async Task<long> TrimAsync(DateTimeOffset before)
    {
        await using var command = dataSource.CreateCommand("""
            WITH log AS (DELETE FROM webhook_delivery_log WHERE at < $1 RETURNING 1),
                 finished AS (DELETE FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < $1 RETURNING 1)
            SELECT (SELECT count(*) FROM log) + (SELECT count(*) FROM finished)
            """);
        command.Parameters.AddWithValue(before);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static void AddLogParameters(NpgsqlCommand command, IReadOnlyList<WebhookAttempt> attempts)
    {
        command.Parameters.AddWithValue(attempts.Select(a => a.WebhookId).ToArray());
        command.Parameters.AddWithValue(attempts.Select(a => a.EventId).ToArray());
        command.Parameters.AddWithValue(attempts.Select(a => a.Type).ToArray());
        command.Parameters.AddWithValue(attempts.Select(a => a.Attempt).ToArray());
        command.Parameters.AddWithValue(attempts.Select(a => Wire(a.Status)).ToArray());
        command.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.ResponseStatus).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.AddWithValue(attempts.Select(a => a.At).ToArray());
        command.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.NextAttemptAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.Error).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = attempts.Select(a => a.ResponseBody).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
    }

    private static string Wire(WebhookDeliveryStatus status) => status.ToString().ToLowerInvariant();

    private static WebhookDeliveryStatus Parse(string status) => status switch
    {
        "pending" => WebhookDeliveryStatus.Pending,
        "delivered" => WebhookDeliveryStatus.Delivered,
        "failed" => WebhookDeliveryStatus.Failed,
        _ => WebhookDeliveryStatus.Abandoned,
    };
}
