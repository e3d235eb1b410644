using DashboardFactory.Cockpits;
using DashboardFactory.Errors;

namespace DashboardFactory.UnitTests.Cockpits;

/// <summary>Who may act on a cockpit: it must exist, and only its owner or an admin changes it.</summary>
public sealed class CockpitAccessTests
{
    private static readonly CockpitState Owned = new() { Exists = true, OwnerId = "ann" };

    [Fact]
    public void TheOwnerAndAdminsMayChangeACockpit()
    {
        FluentActions.Invoking(() => CockpitAccess.EnsureOwnerOrAdmin("c1", Owned, new Caller("ann", false), "change")).Should().NotThrow();
        FluentActions.Invoking(() => CockpitAccess.EnsureOwnerOrAdmin("c1", Owned, new Caller("commander", true), "change")).Should().NotThrow();
    }

    [Fact]
    public void AnotherOperatorIsForbiddenWithTheVerbInTheMessage()
    {
        FluentActions.Invoking(() => CockpitAccess.EnsureOwnerOrAdmin("c1", Owned, new Caller("bob", false), "restore"))
            .Should().Throw<DomainException>()
            .Where(e => e.Kind == DomainErrorKind.Forbidden && e.Message == "Only the owner of cockpit 'c1' or an admin may restore it.");
    }

    [Fact]
    public void ACockpitThatDoesNotExistIsNotFoundEvenForAnAdmin()
    {
        FluentActions.Invoking(() => CockpitAccess.EnsureOwnerOrAdmin("c1", new CockpitState(), new Caller("commander", true), "change"))
            .Should().Throw<DomainException>().Where(e => e.Kind == DomainErrorKind.NotFound);
    }
}
