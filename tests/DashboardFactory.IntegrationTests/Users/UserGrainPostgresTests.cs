using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Users;

namespace DashboardFactory.IntegrationTests.Users;

[Collection(PostgresClusterCollection.Name)]
public sealed class UserGrainPostgresTests(PostgresClusterFixture fixture) : UserGrainContract(() => fixture.Client)
{
    [Fact]
    public async Task AUserSurvivesAFullStopOfItsCluster()
    {
        // A cluster of its own: stopping the shared fixture's silos would strand the other tests' client.
        var id = "u-" + Guid.NewGuid().ToString("N")[..12];
        UserProfile written;
        await using (var first = await fixture.StartSecondClusterAsync())
        {
            var grain = first.Client.GetGrain<IUserGrain>(id);
            written = (await grain.CreateAsync(new NewUser("Durable", UserRole.Optimizer, 77))).Profile;
            written = await grain.ChangeAsync(new UserChange(Xp: 78, Role: null));
        }

        await using var second = await fixture.StartSecondClusterAsync();
        var reread = await second.Client.GetGrain<IUserGrain>(id).GetAsync();

        reread.Should().Be(written, "every silo of the first cluster stopped, so the state can only have come from PostgreSQL");
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
