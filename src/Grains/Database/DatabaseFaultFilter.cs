using System.Data.Common;
using DashboardFactory.Errors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace DashboardFactory.Database;

/// <summary>
/// Silo-wide: a database exception escaping a grain method (from our stores, or from the ADO.NET storage
/// provider wrapped in an OrleansException) is logged here, once, with the grain and method, and replaced by a
/// <see cref="DatabaseFaultException"/>. Npgsql's exceptions have no Orleans codec, so without this a caller on
/// another silo or an API client got a codec failure instead of the error. A grain's own catch blocks run first:
/// only what escapes the grain is seen here. An ETag conflict (InconsistentStateException) passes untouched.
/// </summary>
internal sealed partial class DatabaseFaultFilter(ILogger<DatabaseFaultFilter> logger) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        // Nearly every call completes synchronously or without a fault: no state machine for those.
        var call = context.Invoke();
        return call.IsCompletedSuccessfully ? Task.CompletedTask : AwaitAsync(call, context);
    }

    private async Task AwaitAsync(Task call, IIncomingGrainCallContext context)
    {
        try
        {
            await call;
        }
        catch (Exception error) when (DatabaseFaults.Find(error) is { } fault)
        {
            throw Translate(fault, context);
        }
    }

    private DatabaseFaultException Translate(DbException fault, IIncomingGrainCallContext context)
    {
        var translated = DatabaseFaults.ToSerializable(fault);
        if (translated.IsTransient)
        {
            LogTransient(fault, context.TargetId, context.InterfaceName, context.MethodName, translated.SqlState);
        }
        else
        {
            LogRefused(fault, context.TargetId, context.InterfaceName, context.MethodName, translated.SqlState);
        }

        return translated;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transient database fault in {GrainId} {Interface}.{Method} (SQLSTATE {SqlState}); the caller is told to retry")]
    private partial void LogTransient(Exception fault, GrainId grainId, string @interface, string method, string? sqlState);

    [LoggerMessage(Level = LogLevel.Error, Message = "Database fault in {GrainId} {Interface}.{Method} (SQLSTATE {SqlState}); the call failed")]
    private partial void LogRefused(Exception fault, GrainId grainId, string @interface, string method, string? sqlState);
}

public static class DatabaseFaultFilterExtensions
{
    /// <summary>Database faults leave every grain as a serializable <see cref="DatabaseFaultException"/>.</summary>
    public static ISiloBuilder AddDatabaseFaultTranslation(this ISiloBuilder silo)
    {
        silo.Services.AddDatabaseExceptionSerialization();
        return silo.AddIncomingGrainCallFilter<DatabaseFaultFilter>();
    }

    /// <summary>
    /// Lets Orleans carry the driver's own exceptions, for the faults no call filter sees: a grain whose state
    /// cannot be read fails its activation, and the activation error (an OrleansException around an
    /// NpgsqlException) goes to the caller as is. Without this the silo could not serialize that answer and the
    /// caller got a CodecNotFoundException, which the API could only report as a 500; with it the API finds the
    /// database fault inside and answers 503. Silos and clients both need it.
    /// </summary>
    public static IServiceCollection AddDatabaseExceptionSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o =>
        {
            if (!o.SupportedNamespacePrefixes.Contains("Npgsql"))
            {
                o.SupportedNamespacePrefixes.Add("Npgsql");
            }
        });
}
