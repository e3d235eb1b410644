using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.GraphQL;

/// <summary>
/// The API on a real socket for the graphql-ws client, with limits small enough to reach in a test: a 2 s
/// connection_init deadline and 3 operations per connection.
/// </summary>
public sealed class GraphQLHost : KestrelApiFactory
{
    public const int MaxOperations = 3;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["GraphQL:ConnectionInitTimeout"] = "00:00:02",
        ["GraphQL:MaxSubscriptionsPerConnection"] = MaxOperations.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public Task<GraphQLWsDriver> ConnectAsync(string? token) => GraphQLWsDriver.ConnectAsync(this, token);
}
