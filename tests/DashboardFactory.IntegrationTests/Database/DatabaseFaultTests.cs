using DashboardFactory.Cockpits;
using DashboardFactory.Errors;
using DashboardFactory.Fleet;
using DashboardFactory.IntegrationTests.Cockpits;
using DashboardFactory.IntegrationTests.Infrastructure;
using Orleans.Runtime;
using Orleans.Storage;

namespace DashboardFactory.IntegrationTests.Database;

/// <summary>
/// Database faults inside grains, on the two-silo PostgreSQL cluster, seen from the cluster client: each
/// arrives as a <see cref="DatabaseFaultException"/> that says whether a retry can help and quotes nothing of
/// the database's message. Each test's trigger touches only its own cockpit (or is dropped when it ends).
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class DatabaseFaultTests(PostgresClusterFixture fixture)
{
    private const string Secret = "secret-value-4711";
    private static readonly Caller Owner = new("op-owner", IsAdmin: false);

    private IClusterClient Client => fixture.Client;

    private async Task<ICockpitGrain> NewCockpitAsync(string prefix = "dbf")
    {
        var grain = Client.GetGrain<ICockpitGrain>($"{prefix}-{Guid.NewGuid():N}"[..24]);
        await grain.CreateAsync(new NewCockpit(Owner.UserId, "Before", ["ops"], AutoUpdatePolicy.Default), []);
        return grain;
    }

    /// <summary>A trigger that fails <paramref name="operation"/> on <paramref name="table"/> where <paramref name="condition"/> holds.</summary>
    private async Task<string> RefuseAsync(string table, string operation, string condition, string sqlState)
    {
        var name = "refuse_" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Database.ExecuteAsync($"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF {condition} THEN
                    RAISE EXCEPTION 'refused: {Secret}' USING ERRCODE = '{sqlState}';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}();
            """);
        return name;
    }

    private Task DropAsync(string table, string trigger) =>
        fixture.Database.ExecuteAsync($"DROP TRIGGER {trigger} ON {table}; DROP FUNCTION {trigger}();");

    [Fact]
    public async Task AStateWriteTheDatabaseRefusesReachesTheClientAsANonTransientFault()
    {
        var grain = await NewCockpitAsync();
        var id = grain.GetPrimaryKeyString();
        var trigger = await RefuseAsync("orleansstorage", "UPDATE", $"NEW.grainidextensionstring = '{id}'", "P0001");
        try
        {
            var patch = () => grain.PatchAsync("""{"title":"After"}""", null, Owner);

            var fault = (await patch.Should().ThrowExactlyAsync<DatabaseFaultException>()).Which;
            fault.IsTransient.Should().BeFalse("a raised exception (P0001) fails the same way when retried");
            fault.SqlState.Should().Be("P0001");
            fault.ToString().Should().NotContain(Secret).And.NotContain("orleansstorage", "the database's own message stays on the silo");
            fault.InnerException.Should().BeNull();
        }
        finally
        {
            await DropAsync("orleansstorage", trigger);
        }

        (await grain.GetAsync())!.DocumentJson.Should().Contain("Before", "the refused change was forgotten in memory too");
        (await grain.PatchAsync("""{"title":"After"}""", null, Owner)).DocumentJson.Should().Contain("After");
    }

    [Fact]
    public async Task ASnapshotStoreFaultOfATransientKindSaysARetryMayHelp()
    {
        var grain = await NewCockpitAsync();
        var id = grain.GetPrimaryKeyString();
        var trigger = await RefuseAsync("cockpit_snapshots", "INSERT", $"NEW.cockpit_id = '{id}'", "40P01");
        try
        {
            var install = () => grain.ApplyReleaseAsync(Releases.Widget("feat_dbfault"));

            var fault = (await install.Should().ThrowExactlyAsync<DatabaseFaultException>()).Which;
            fault.IsTransient.Should().BeTrue("a deadlock victim (40P01) may succeed when retried");
            fault.SqlState.Should().Be("40P01");
            fault.Message.Should().NotContain(Secret).And.NotContain("cockpit_snapshots");
        }
        finally
        {
            await DropAsync("cockpit_snapshots", trigger);
        }

        (await grain.ApplyReleaseAsync(Releases.Widget("feat_dbfault"))).Outcome.Should().Be(UpdateOutcome.Applied, "the retry succeeds");
    }

    [Fact]
    public async Task AnETagConflictKeepsItsOwnMeaning()
    {
        var grain = await NewCockpitAsync();
        var id = grain.GetPrimaryKeyString();

        // Someone else wrote this grain's row: the provider's ETag check must fail the write, as before.
        await fixture.Database.ExecuteAsync($"UPDATE orleansstorage SET version = version + 1 WHERE grainidextensionstring = '{id}'");
        var patch = () => grain.PatchAsync("""{"title":"After"}""", null, Owner);

        await patch.Should().ThrowExactlyAsync<InconsistentStateException>();
    }

    [Fact]
    public async Task AFaultInAGrainOnOneSiloCrossesToItsCallerOnTheOther()
    {
        var management = Client.GetGrain<IManagementGrain>(0);
        ICockpitGrain? caller = null;
        // A shard is placed by the first cockpit that calls it, often on that cockpit's silo; later cockpits of
        // the same shard may live on the other silo. 64 shards: a few hundred cockpits find such a pair.
        for (var i = 0; i < 400 && caller is null; i++)
        {
            var candidate = await NewCockpitAsync("dbx");
            var callerSilo = await management.GetActivationAddress(candidate);
            var shardSilo = await management.GetActivationAddress(Client.Shard(candidate.GetPrimaryKeyString()));
            if (callerSilo is not null && shardSilo is not null && !callerSilo.Equals(shardSilo))
            {
                caller = candidate;
            }
        }

        caller.Should().NotBeNull("some cockpit has its fleet index shard on the other silo");

        // The cockpit's own write succeeds; the index shard it then calls (on the other silo) fails its write
        // (rows are typed by the state name).
        var trigger = await RefuseAsync("orleansstorage", "UPDATE", "NEW.graintypestring = 'fleetIndex'", "53300");
        try
        {
            var patch = () => caller!.PatchAsync("""{"title":"After"}""", null, Owner);

            var fault = (await patch.Should().ThrowExactlyAsync<DatabaseFaultException>()).Which;
            fault.IsTransient.Should().BeTrue("too many connections (53300) is a passing condition");
            fault.SqlState.Should().Be("53300");
        }
        finally
        {
            await DropAsync("orleansstorage", trigger);
        }
    }
}
