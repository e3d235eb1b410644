using DashboardFactory.Database;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;

namespace DashboardFactory.UnitTests.Database;

public sealed class DatabaseFaultsTests
{
    [Theory]
    [InlineData("08006", true)] // connection failure
    [InlineData("08P01", true)] // protocol violation
    [InlineData("40001", true)] // serialization failure
    [InlineData("40P01", true)] // deadlock detected
    [InlineData("53300", true)] // too many connections
    [InlineData("53100", true)] // disk full
    [InlineData("57P01", true)] // admin shutdown
    [InlineData("57P03", true)] // cannot connect now
    [InlineData("57014", false)] // query canceled: not operator intervention of the 57P kind
    [InlineData("23505", false)] // unique violation
    [InlineData("42P01", false)] // undefined table
    [InlineData("P0001", false)] // RAISE EXCEPTION
    [InlineData(null, false)]
    public void TransientSqlStatesAreTheClassesWhereARetryCanHelp(string? sqlState, bool transient) =>
        DatabaseFaults.IsTransient(sqlState, reportedTransient: false).Should().Be(transient);

    [Fact]
    public void TheDriversOwnVerdictOfTransientIsKept() =>
        DatabaseFaults.IsTransient("P0001", reportedTransient: true).Should().BeTrue();

    [Fact]
    public void AServerErrorBecomesAFaultWithItsCodeAndNoneOfItsText()
    {
        var error = new PostgresException("duplicate key value (id)=(secret-42) in INSERT INTO x", "ERROR", "ERROR", "23505");

        var fault = DatabaseFaults.ToSerializable(DatabaseFaults.Find(error)!);

        fault.IsTransient.Should().BeFalse();
        fault.SqlState.Should().Be("23505");
        fault.Message.Should().NotContain("secret-42").And.NotContain("INSERT");
        fault.InnerException.Should().BeNull();
    }

    [Fact]
    public void ALostConnectionIsTransientWithoutACode()
    {
        var error = new NpgsqlException("Exception while reading from stream", new IOException("connection reset"));

        var fault = DatabaseFaults.ToSerializable(DatabaseFaults.Find(error)!);

        fault.IsTransient.Should().BeTrue("Npgsql calls an I/O failure transient");
        fault.SqlState.Should().BeNull();
    }

    [Fact]
    public void AFaultWrappedByTheStorageBridgeOrAnAggregateIsFound()
    {
        var inner = new PostgresException("refused", "ERROR", "ERROR", "40001");

        DatabaseFaults.Find(new OrleansException("Error from storage provider", inner)).Should().BeSameAs(inner);
        DatabaseFaults.Find(new AggregateException(new InvalidOperationException("other"), new OrleansException("wrapped", inner))).Should().BeSameAs(inner);
    }

    [Fact]
    public void AnETagConflictIsNeverTakenForADatabaseFault()
    {
        var inner = new PostgresException("refused", "ERROR", "ERROR", "40001");

        DatabaseFaults.Find(new InconsistentStateException("Version conflict")).Should().BeNull();
        DatabaseFaults.Find(new InconsistentStateException("Version conflict", inner)).Should().BeNull();
        DatabaseFaults.Find(new OrleansException("outer", new InconsistentStateException("Version conflict", inner))).Should().BeNull();
    }

    [Fact]
    public void OtherExceptionsAreNotDatabaseFaults()
    {
        DatabaseFaults.Find(new InvalidOperationException("no")).Should().BeNull();
        DatabaseFaults.Find(Errors.DomainException.Conflict("taken")).Should().BeNull();
    }

    [Theory]
    [InlineData("40P01", "40P01")]
    [InlineData("4", null)]
    [InlineData("4000'", null)]
    [InlineData("select", null)]
    [InlineData(null, null)]
    public void OnlyWellFormedSqlStatesArePassedOn(string? given, string? passed) =>
        DatabaseFaults.SafeSqlState(given).Should().Be(passed);
}
