using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Users;

namespace DashboardFactory.IntegrationTests.Users;

[Collection(PostgresClusterCollection.Name)]
public sealed class UserGrainPostgresTests(PostgresClusterFixture fixture) : UserGrainContract(() => fixture.Client)
{
    [Fact]
    public async Task AUserSurvivesTheRestartOfEverySilo()
    {
        var grain = NewUser();
        var issued = await grain.CreateAsync(new NewUser("Durable", UserRole.Optimizer, 77));
        await grain.ChangeAsync(new UserChange(Xp: 78, Role: null));

        foreach (var silo in fixture.Cluster.Silos.ToList())
        {
            await fixture.Cluster.RestartSiloAsync(silo);
        }

        var reread = await fixture.Client.GetGrain<IUserGrain>(grain.GetPrimaryKeyString()).GetAsync();
        reread.Should().Be(issued.Profile with { Xp = 78 }, "every silo was restarted, so the state can only have come from PostgreSQL");
    }

    [Fact]
    public async Task AnotherClusterOnTheSameDatabaseSeesTheSameUsers()
    {
        var grain = NewUser();
        var issued = await grain.CreateAsync(new NewUser("Shared", UserRole.Admin, 5));

        await using var second = await fixture.StartSecondClusterAsync();
        var seen = await second.Client.GetGrain<IUserGrain>(grain.GetPrimaryKeyString()).GetAsync();

        seen.Should().Be(issued.Profile);
        var rows = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM orleansstorage");
        rows.Should().BeGreaterThan(0, "grain state is stored in the Orleans storage table");
    }
}
