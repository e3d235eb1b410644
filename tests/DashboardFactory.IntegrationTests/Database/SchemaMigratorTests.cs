using DashboardFactory.Database;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Database;

public sealed class SchemaMigratorTests
{
    // Everything a migration could change: tables, columns, indexes, functions and the providers' statements.
    private const string SchemaFingerprint = """
        SELECT string_agg(item, E'\n' ORDER BY item) FROM (
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type AS item
              FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL SELECT 'function ' || p.proname || ' ' || md5(p.prosrc)
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
            UNION ALL SELECT 'query ' || querykey || ' ' || md5(querytext) FROM orleansquery
            UNION ALL SELECT 'migration ' || version || ' ' || checksum || ' ' || applied_at FROM schema_migrations
        ) AS schema_items
        """;

    [Fact]
    public async Task AFreshDatabaseGetsEveryMigrationAndTheOrleansTables()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("migrate");

        var report = await SchemaMigrator.MigrateAsync(db.ConnectionString);

        report.Applied.Select(m => m.Version).Should().Equal(SchemaMigrator.All.Select(m => m.Version));
        report.AlreadyApplied.Should().Be(0);
        foreach (var table in new[] { "orleansquery", "orleansmembershiptable", "orleansmembershipversiontable", "orleansstorage", "orleansreminderstable" })
        {
            (await db.ScalarAsync<bool>($"SELECT to_regclass('{table}') IS NOT NULL")).Should().BeTrue("{0} must exist after migrating", table);
        }

        (await db.ScalarAsync<long>("SELECT count(*) FROM orleansquery")).Should().BeGreaterThan(15);
        (await SchemaMigrator.ReadAppliedVersionsAsync(db.ConnectionString)).Should().Equal(SchemaMigrator.All.Select(m => m.Version));
    }

    [Fact]
    public async Task ApplyingTwiceIsANoOp()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("migrate");
        await SchemaMigrator.MigrateAsync(db.ConnectionString);
        var before = await db.ScalarAsync<string>(SchemaFingerprint);

        var second = await SchemaMigrator.MigrateAsync(db.ConnectionString);

        second.Applied.Should().BeEmpty();
        second.AlreadyApplied.Should().Be(SchemaMigrator.All.Count);
        (await db.ScalarAsync<string>(SchemaFingerprint)).Should().Be(before);
    }

    [Fact]
    public async Task SilosMigratingAtTheSameMomentApplyEachScriptOnce()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("migrate");

        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SchemaMigrator.MigrateAsync(db.ConnectionString)));

        reports.Sum(r => r.Applied.Count).Should().Be(SchemaMigrator.All.Count, "the advisory lock lets one runner apply each script");
        (await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations")).Should().Be(SchemaMigrator.All.Count);
    }

    [Fact]
    public async Task AMigrationEditedAfterItWasAppliedIsRefused()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("migrate");
        await SchemaMigrator.MigrateAsync(db.ConnectionString);
        await db.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = '0002'");

        var again = () => SchemaMigrator.MigrateAsync(db.ConnectionString);

        (await again.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("0002").And.Contain("changed");
    }

    [Fact]
    public async Task APartlyMigratedDatabaseGetsOnlyWhatItLacks()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("migrate");
        await SchemaMigrator.MigrateAsync(db.ConnectionString);
        var last = SchemaMigrator.All[^1];
        await db.ExecuteAsync($"DELETE FROM schema_migrations WHERE version = '{last.Version}'");

        var report = await SchemaMigrator.MigrateAsync(db.ConnectionString);

        report.Applied.Should().ContainSingle().Which.Version.Should().Be(last.Version, "scripts must be safe to re-apply over a hand-applied schema");
    }
}
