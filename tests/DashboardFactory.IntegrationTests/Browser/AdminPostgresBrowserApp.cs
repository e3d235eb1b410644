using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Browser;

/// <summary>
/// The browser app with its in-process silo on a PostgreSQL database of its own, so a test can make real writes fail:
/// the database refuses to update the stored state of the cockpits a test names (a trigger, as a full disk or a broken
/// replica would). Campaigns go out in one wave and give up after two attempts, rollbacks too, so failures settle fast.
/// </summary>
public sealed class AdminPostgresBrowserApp : BrowserApp, IAsyncLifetime
{
    private TestDatabase? _db;

    public TestDatabase Database => _db ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["ConnectionStrings:Postgres"] = Database.ConnectionString,
        ["Orleans:AdvertisedIP"] = "127.0.0.1",
        ["Campaigns:Waves:0"] = "100",
        ["Campaigns:MaxAttempts"] = "2",
        ["Campaigns:AckTimeout"] = "00:00:02",
        ["Rollbacks:MaxAttempts"] = "2",
    };

    public new async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateDatabaseAsync("adminpages");
        await base.InitializeAsync();

        // After the start, which applied the schema the trigger hangs on.
        await _db.ExecuteAsync("""
            CREATE TABLE refused_cockpits (id text PRIMARY KEY);
            CREATE FUNCTION refuse_cockpit_writes() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM refused_cockpits r WHERE position(r.id IN NEW.grainidextensionstring) > 0) THEN
                    RAISE EXCEPTION 'disk says no';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_cockpit_writes BEFORE UPDATE ON orleansstorage FOR EACH ROW EXECUTE FUNCTION refuse_cockpit_writes();
            """);
    }

    /// <summary>From now on every update of these cockpits' stored state fails in the database.</summary>
    public async Task RefuseWritesAsync(IEnumerable<string> cockpitIds)
    {
        foreach (var id in cockpitIds)
        {
            await Database.ExecuteAsync($"INSERT INTO refused_cockpits VALUES ('{id}')");
        }
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }
}
