using DashboardFactory.Bench.GraphQL;

namespace DashboardFactory.Bench.Latency;

/// <summary>N graphql-transport-ws clients, each subscribed to one KPI's kpiValue, reporting each value's "last".</summary>
public sealed class GraphQLClients : IAsyncDisposable
{
    private readonly List<GraphQLWsClient> _clients = [];

    private GraphQLClients()
    {
    }

    /// <summary>
    /// Client i subscribes at <paramref name="servers"/>[i % count]; returns once every client has the KPI's value now
    /// (a subscription's first message), so its stream is open before the first measured point is posted.
    /// </summary>
    public static async Task<GraphQLClients> ConnectAsync(IReadOnlyList<Uri> servers, int clients, string token, string code, Receipts receipts)
    {
        var all = new GraphQLClients();
        using var gate = new SemaphoreSlim(50);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var client = await GraphQLWsClient.SubscribeAsync(
                    new UriBuilder(servers[i % servers.Count]) { Scheme = "ws", Path = "/graphql" }.Uri,
                    token,
                    $"subscription {{ kpiValue(code: \"{code}\", period: minute) {{ last }} }}",
                    (_, payload) =>
                    {
                        receipts.Received(i, (long)payload.GetProperty("data").GetProperty("kpiValue").GetProperty("last").GetDouble());
                        open.TrySetResult();
                    });
                lock (all._clients)
                {
                    all._clients.Add(client);
                }

                await open.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
            finally
            {
                gate.Release();
            }
        }));
        return all;
    }

    public async ValueTask DisposeAsync() => await Task.WhenAll(_clients.Select(c => c.DisposeAsync().AsTask()));
}
