using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Api;

/// <summary>
/// The HTTP edge on PostgreSQL when the database refuses a write: node A co-hosts the silo, node B is an
/// Orleans client of it (cluster mode). Either way the answer is a 503 ProblemDetails with Retry-After that
/// quotes neither SQL nor the connection string, never a 500.
/// </summary>
public sealed class DatabaseFaultApiTests : IAsyncLifetime
{
    private const string Secret = "secret-value-4711";
    private readonly string _clusterId = "dbf-" + Guid.NewGuid().ToString("N")[..8];
    private TestDatabase _db = null!;
    private Node _silo = null!;
    private Node _client = null!;

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateDatabaseAsync("dbfaultapi");
        _silo = new Node(new Dictionary<string, string?>
        {
            ["Orleans:Mode"] = "Embedded",
            ["Orleans:ClusterId"] = _clusterId,
            ["Orleans:AdvertisedIP"] = "127.0.0.1",
            ["ConnectionStrings:Postgres"] = _db.ConnectionString,
        });
        _ = _silo.Server;
        _client = new Node(new Dictionary<string, string?>
        {
            ["Orleans:Mode"] = "Client",
            ["Orleans:ClusterId"] = _clusterId,
            ["ConnectionStrings:Postgres"] = _db.ConnectionString,
        });
        _ = _client.Server;
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _silo.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Theory]
    [InlineData(true, "P0001", false)]
    [InlineData(false, "P0001", false)]
    [InlineData(true, "40001", true)]
    public async Task ARefusedWriteIsA503ProblemWithRetryAfterAndNoDatabaseText(bool throughClientNode, string sqlState, bool transient)
    {
        var node = throughClientNode ? _client : _silo;
        var owner = ApiFactory.NewId("op");
        var token = await node.CreateUserAsync(owner, "operator");
        var id = ApiFactory.NewId("c");
        (await node.ClientWithToken(token).PostAsJsonAsync("/api/cockpits",
            new { id, ownerId = owner, title = "Before", cohorts = new[] { "ops" }, autoUpdate = new { enabled = true, maxChangeType = "reviewed" } }))
            .EnsureSuccessStatusCode();
        await _db.ExecuteAsync($"""
            CREATE FUNCTION refuse_cockpit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.grainidextensionstring = '{id}' THEN
                    RAISE EXCEPTION 'refused: {Secret}' USING ERRCODE = '{sqlState}';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_cockpit BEFORE UPDATE ON orleansstorage FOR EACH ROW EXECUTE FUNCTION refuse_cockpit();
            """);
        using var patch = new StringContent("""{"title":"After"}""", Encoding.UTF8);
        patch.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");

        var response = await node.ClientWithToken(token).PatchAsync($"/api/cockpits/{id}", patch);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.Should().NotBeNull();
        problem.GetProperty("title").GetString().Should().Be("The database is unavailable.");
        var detail = problem.GetProperty("detail").GetString();
        detail.Should().Contain("not completed");
        detail.Should().Contain(transient ? "Retry shortly" : $"SQLSTATE {sqlState}");
        var body = await response.Content.ReadAsStringAsync();
        foreach (var leak in new[] { Secret, "orleansstorage", "orleans_write_to_storage", "RAISE", "Host=", "Username=", _db.Name })
        {
            body.Should().NotContain(leak);
        }

        _silo.Logs.Lines.Should().Contain(l => l.Contains("DatabaseFaultFilter") && l.Contains(id) && l.Contains("PatchAsync"),
            "the silo logs the cause with the grain and method");
    }

    private sealed class Node(IDictionary<string, string?> orleans) : ApiFactory
    {
        protected override IDictionary<string, string?> Settings =>
            new Dictionary<string, string?>(base.Settings.Concat(orleans));
    }
}
