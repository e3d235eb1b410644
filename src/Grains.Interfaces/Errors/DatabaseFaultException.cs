namespace DashboardFactory.Errors;

/// <summary>
/// A grain call failed because the database did (a refused write, a lost connection, a deadlock, ...). Not a
/// refusal by the domain, so not a <see cref="DomainException"/>: the request may well be valid. Raised by the
/// silo's call filter in place of the provider's own exception (Npgsql's are not Orleans-serializable and would
/// reach a remote caller as a codec failure), it carries only what is safe to show a client: never SQL, a
/// connection string or data values. The cause is logged on the silo that saw it.
/// </summary>
[GenerateSerializer, Alias("DashboardFactory.Errors.DatabaseFaultException")]
public sealed class DatabaseFaultException : Exception
{
    public DatabaseFaultException(bool isTransient, string? sqlState)
        : base(Describe(isTransient, sqlState))
    {
        IsTransient = isTransient;
        SqlState = sqlState;
    }

    /// <summary>True when the same call may succeed if simply retried (connection lost, deadlock, server busy).</summary>
    [Id(0)]
    public bool IsTransient { get; }

    /// <summary>The PostgreSQL error code (SQLSTATE), when the server answered with one. A class, never data.</summary>
    [Id(1)]
    public string? SqlState { get; }

    private static string Describe(bool isTransient, string? sqlState)
    {
        var code = sqlState is null ? string.Empty : $" (SQLSTATE {sqlState})";
        return isTransient
            ? $"The database is briefly unavailable{code}; the operation was not completed and may be retried."
            : $"The database refused the operation{code}; it was not completed.";
    }
}
