using System.Text.Json;
using DashboardFactory.Database;
using DashboardFactory.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Storage;

namespace DashboardFactory.Api.Errors;

/// <summary>
/// Turns refusals into 4xx ProblemDetails: unreadable requests (malformed JSON, wrong types) and domain
/// errors from grains; and faults of the cluster or the database into 503 with Retry-After. Anything else is
/// left to the default handler, which answers 500 without details.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read.", Describe(bad)),
            JsonException json => (StatusCodes.Status400BadRequest, "The request body is not valid JSON.", json.Message),
            DomainException domain => (StatusOf(domain.Kind), TitleOf(domain.Kind), domain.Message),

            // The cluster is changing under the call (a silo died, a gateway is full, a call timed out):
            // nothing was decided, so tell the client to retry rather than claim a server fault.
            SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException or TimeoutException =>
                (StatusCodes.Status503ServiceUnavailable, "The cluster is briefly unavailable.", "A silo is joining or leaving the cluster; retry shortly."),

            // A grain briefly active on two silos while one leaves: the stale copy's write was refused and nothing of
            // this call was stored (ClusterChangeRetry already tried again for the methods it may repeat).
            InconsistentStateException =>
                (StatusCodes.Status503ServiceUnavailable, "The cluster is briefly unavailable.", "The item was being saved elsewhere at the same moment, so this change was not stored; retry shortly."),

            // The silos' call filter replaced the driver's exception (see DatabaseFaultFilter): never a 500, and
            // nothing of the database's own message, which may quote SQL or data.
            DatabaseFaultException fault => (StatusCodes.Status503ServiceUnavailable, "The database is unavailable.", DescribeDatabase(fault)),

            // A fault no call filter saw (a grain whose state could not be read failed to activate): the driver's
            // exception arrives inside Orleans' own. Its message is not shown, for the same reason.
            _ when DatabaseFaults.Find(exception) is not null =>
                (StatusCodes.Status503ServiceUnavailable, "The database is unavailable.", "The database could not be reached; retry shortly."),
            _ => (0, string.Empty, string.Empty),
        };
        if (status == 0)
        {
            return false;
        }

        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "2";

            // The answer names no exception (clients need none), so an operator learns here which fault it was; types
            // only, since a driver's message may quote SQL or data.
            LogUnavailable(context.Request.Method, context.Request.Path, exception.GetType().Name, exception.InnerException?.GetType().Name ?? "none");
        }

        var problem = exception is DomainException { Errors: { Count: > 0 } errors }
            ? new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
            : new ProblemDetails();
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503 after {ExceptionType} (inner: {InnerType})")]
    private partial void LogUnavailable(string method, PathString path, string exceptionType, string innerType);

    private static string DescribeDatabase(DatabaseFaultException fault) => fault.IsTransient
        ? "The database could not be reached or was busy, so the operation was not completed. Retry shortly."
        : "The database refused to complete the operation, so it was not completed. Retrying may not help; if it persists, tell an administrator"
            + (fault.SqlState is null ? "." : $" (SQLSTATE {fault.SqlState}).");

    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;

    private static int StatusOf(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
        DomainErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        DomainErrorKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string TitleOf(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.NotFound => "Not found.",
        DomainErrorKind.Conflict => "Conflict.",
        DomainErrorKind.Unprocessable => "The request cannot be carried out.",
        DomainErrorKind.PreconditionFailed => "Precondition failed.",
        DomainErrorKind.Forbidden => "Forbidden.",
        _ => "The request is not valid.",
    };
}
