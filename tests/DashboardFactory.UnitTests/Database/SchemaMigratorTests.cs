using DashboardFactory.Database;

namespace DashboardFactory.UnitTests.Database;

public sealed class SchemaMigratorTests
{
    [Fact]
    public void TheSchemaShipsInsideTheAssemblyInVersionOrder()
    {
        var migrations = SchemaMigrator.All;

        migrations.Should().NotBeEmpty();
        migrations.Select(m => m.Version).Should().BeInAscendingOrder(StringComparer.Ordinal).And.OnlyHaveUniqueItems();
        migrations.Select(m => m.Version).Should().StartWith(["0001", "0002", "0003", "0004"]);
        migrations.Should().AllSatisfy(m =>
        {
            m.Version.Should().MatchRegex("^[0-9]{4}$");
            m.Sql.Should().NotBeNullOrWhiteSpace();
            m.Checksum.Should().HaveLength(64);
        });
    }

    [Fact]
    public void TheOrleansProvidersFindEveryQueryKeyTheyNeed()
    {
        var sql = string.Join("\n", SchemaMigrator.All.Select(m => m.Sql));

        // A missing key stops a provider at start; these are the ones Orleans 10.4 asks for.
        string[] keys =
        [
            "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
            "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey",
            "CleanupDefunctSiloEntriesKey",
            "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey",
            "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
            "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];
        keys.Should().AllSatisfy(key => sql.Should().Contain($"'{key}'", $"the providers read {key} from OrleansQuery"));
    }
}
