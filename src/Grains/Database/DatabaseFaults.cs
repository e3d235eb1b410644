using System.Data.Common;
using DashboardFactory.Errors;
using Orleans.Storage;

namespace DashboardFactory.Database;

/// <summary>
/// Finds a database fault in an exception that escaped a grain and says whether retrying can help. Pure, so the
/// classification is tested without a database.
/// </summary>
public static class DatabaseFaults
{
    // Connection exceptions, transaction rollbacks (serialization failure, deadlock), insufficient resources
    // (too many connections, disk full) and operator intervention (admin shutdown, cannot connect now).
    private static readonly string[] TransientClasses = ["08", "40", "53", "57P"];

    /// <summary>How deep to look through wrappers (OrleansException, AggregateException, ...).</summary>
    private const int MaxDepth = 8;

    /// <summary>
    /// The <see cref="DbException"/> that caused <paramref name="error"/>: the exception itself or one it wraps.
    /// Null when there is none, and for an <see cref="InconsistentStateException"/>: an ETag conflict keeps
    /// its own meaning (the grain's state is stale) whatever the provider put inside it.
    /// </summary>
    public static DbException? Find(Exception error)
    {
        if (error is InconsistentStateException or DatabaseFaultException or DomainException)
        {
            return null;
        }

        var pending = new Stack<(Exception Error, int Depth)>();
        pending.Push((error, 0));
        while (pending.TryPop(out var item))
        {
            switch (item.Error)
            {
                case DbException db:
                    return db;
                case InconsistentStateException:
                    return null;
                case AggregateException aggregate when item.Depth < MaxDepth:
                    foreach (var inner in aggregate.InnerExceptions.Reverse())
                    {
                        pending.Push((inner, item.Depth + 1));
                    }

                    break;
                case { InnerException: { } inner } when item.Depth < MaxDepth:
                    pending.Push((inner, item.Depth + 1));
                    break;
            }
        }

        return null;
    }

    /// <summary>
    /// What may be shown of <paramref name="error"/> to a user (e.g. as a campaign failure reason): for a database
    /// fault the safe description, never the server's own text (which can quote data or schema); otherwise its message.
    /// </summary>
    public static string ShowableMessage(Exception error) =>
        Find(error) is { } fault ? ToSerializable(fault).Message : error.Message;

    /// <summary>The serializable stand-in for <paramref name="fault"/>, with nothing of its message.</summary>
    public static DatabaseFaultException ToSerializable(DbException fault)
    {
        var sqlState = SafeSqlState(fault.SqlState);
        return new DatabaseFaultException(IsTransient(sqlState, fault.IsTransient), sqlState);
    }

    /// <summary>
    /// Transient when the driver says so (Npgsql: lost connections, timeouts, and the server codes it knows to
    /// be retryable) or the SQLSTATE is of a class where the same statement may succeed later.
    /// </summary>
    public static bool IsTransient(string? sqlState, bool reportedTransient) =>
        reportedTransient || (sqlState is not null && TransientClasses.Any(c => sqlState.StartsWith(c, StringComparison.Ordinal)));

    /// <summary>A SQLSTATE is five digits or upper-case letters; anything else is not passed on.</summary>
    public static string? SafeSqlState(string? sqlState) =>
        sqlState is { Length: 5 } && sqlState.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)) ? sqlState : null;
}
