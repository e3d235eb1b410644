using Npgsql;

namespace DashboardFactory.Outbox;

/// <summary>The webhook_outbox table: delivered_at is set once the dispatcher has queued an event for its webhooks.</summary>
public sealed class PostgresOutbox(NpgsqlDataSource dataSource) : IOutbox
{
    public async Task EnqueueAsync(OutboxEvent outboxEvent)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO webhook_outbox (event_id, event_type, payload, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING");
        command.Parameters.AddWithValue(outboxEvent.Id);
        command.Parameters.AddWithValue(outboxEvent.Type);
        command.Parameters.AddWithValue(outboxEvent.PayloadJson);
        command.Parameters.AddWithValue(outboxEvent.CreatedAt);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<OutboxEvent>> PendingAsync(int limit)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT event_id, event_type, payload, created_at FROM webhook_outbox WHERE delivered_at IS NULL ORDER BY id LIMIT $1");
        command.Parameters.AddWithValue(limit);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<OutboxEvent>();
        while (await reader.ReadAsync())
        {
            events.Add(new OutboxEvent(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return events;
    }

    public async Task MarkDispatchedAsync(IReadOnlyCollection<string> eventIds, DateTimeOffset at)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE webhook_outbox SET delivered_at = $2 WHERE event_id = ANY($1) AND delivered_at IS NULL");
        command.Parameters.AddWithValue(eventIds.ToArray());
        command.Parameters.AddWithValue(at);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> TrimAsync(DateTimeOffset before)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM webhook_outbox WHERE delivered_at IS NOT NULL AND created_at < $1");
        command.Parameters.AddWithValue(before);
        return await command.ExecuteNonQueryAsync();
    }
}
