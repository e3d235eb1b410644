using DashboardFactory.Errors;
using DashboardFactory.Users;

namespace DashboardFactory.IntegrationTests.Users;

/// <summary>The user grain's behaviour, run against every storage the product supports.</summary>
public abstract class UserGrainContract(Func<IClusterClient> client)
{
    protected IUserGrain NewUser() => client().GetGrain<IUserGrain>("u-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task ACreatedUserCanBeReadAndAuthenticatesWithItsOwnTokenOnly()
    {
        var grain = NewUser();

        var issued = await grain.CreateAsync(new NewUser("Ada", UserRole.Optimizer, 420));

        issued.Profile.Should().BeEquivalentTo(new { Id = grain.GetPrimaryKeyString(), Name = "Ada", Role = UserRole.Optimizer, Xp = 420 });
        (await grain.GetAsync()).Should().Be(issued.Profile);
        UserToken.TryParse(issued.Token, out var id, out var secret).Should().BeTrue();
        id.Should().Be(grain.GetPrimaryKeyString());
        (await grain.AuthenticateAsync(secret))!.Profile.Should().Be(issued.Profile);
        (await grain.AuthenticateAsync(UserToken.NewSecret())).Should().BeNull("a different secret must not authenticate");
    }

    [Fact]
    public async Task CreatingAUserTwiceIsAConflictAndKeepsTheFirst()
    {
        var grain = NewUser();
        var first = await grain.CreateAsync(new NewUser("First", UserRole.Operator, 1));

        var second = () => grain.CreateAsync(new NewUser("Second", UserRole.Admin, 2));

        (await second.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.Conflict);
        (await grain.GetAsync()).Should().Be(first.Profile);
    }

    [Fact]
    public async Task AChangeTouchesOnlyTheFieldsItNames()
    {
        var grain = NewUser();
        await grain.CreateAsync(new NewUser("Bo", UserRole.Operator, 10));

        var afterXp = await grain.ChangeAsync(new UserChange(Xp: 99, Role: null));
        var afterRole = await grain.ChangeAsync(new UserChange(Xp: null, Role: UserRole.Optimizer));

        afterXp.Should().BeEquivalentTo(new { Xp = 99, Role = UserRole.Operator });
        afterRole.Should().BeEquivalentTo(new { Xp = 99, Role = UserRole.Optimizer });
    }

    [Fact]
    public async Task IssuingATokenRevokesThePreviousOne()
    {
        var grain = NewUser();
        var issued = await grain.CreateAsync(new NewUser("Cy", UserRole.Operator, 0));
        UserToken.TryParse(issued.Token, out _, out var oldSecret);

        var fresh = await grain.IssueTokenAsync();

        UserToken.TryParse(fresh, out _, out var newSecret).Should().BeTrue();
        (await grain.AuthenticateAsync(oldSecret)).Should().BeNull();
        (await grain.AuthenticateAsync(newSecret)).Should().NotBeNull();
    }

    [Fact]
    public async Task AnUnknownUserIsNotFoundAndNeverAuthenticates()
    {
        var grain = NewUser();

        (await grain.GetAsync()).Should().BeNull();
        (await grain.AuthenticateAsync(UserToken.NewSecret())).Should().BeNull();
        var change = () => grain.ChangeAsync(new UserChange(1, null));
        (await change.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.NotFound);
    }
}
