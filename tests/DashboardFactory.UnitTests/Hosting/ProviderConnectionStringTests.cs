using DashboardFactory.Hosting;
using Npgsql;

namespace DashboardFactory.UnitTests.Hosting;

public sealed class ProviderConnectionStringTests
{
    private const string Given = "Host=db;Port=5433;Username=df;Password=secret;Database=factory";

    [Fact]
    public void TheSameDatabaseIsUsedWithoutPoolResetsAndWithABoundedPool()
    {
        var used = new NpgsqlConnectionStringBuilder(DashboardFactorySilo.ForProviders(Given));

        (used.Host, used.Port, used.Username, used.Password, used.Database).Should().Be(("db", 5433, "df", "secret", "factory"));
        used.NoResetOnClose.Should().BeTrue();
        used.MaxPoolSize.Should().Be(DashboardFactorySilo.DefaultMaxPoolSize);
    }

    [Theory]
    [InlineData("Maximum Pool Size=50")]
    [InlineData("maxpoolsize=50")]
    public void APoolSizeInTheConnectionStringWins(string setting)
    {
        var used = new NpgsqlConnectionStringBuilder(DashboardFactorySilo.ForProviders($"{Given};{setting}"));

        used.MaxPoolSize.Should().Be(50);
    }
}
