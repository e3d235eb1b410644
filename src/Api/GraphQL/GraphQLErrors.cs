using DashboardFactory.Errors;
using global::GraphQL;

namespace DashboardFactory.Api.GraphQL;

/// <summary>
/// GraphQL errors with the <c>extensions.code</c> clients branch on. Domain refusals map to the codes of the HTTP
/// statuses REST answers for them (404 NOT_FOUND, 403 FORBIDDEN, 400 BAD_REQUEST, 409 CONFLICT, ...).
/// </summary>
public static class GraphQLErrors
{
    public const string NotFoundCode = "NOT_FOUND";
    public const string ForbiddenCode = "FORBIDDEN";
    public const string BadRequestCode = "BAD_REQUEST";
    public const string UnavailableCode = "UNAVAILABLE";
    public const string InternalCode = "INTERNAL";
    public const string DocumentTooLargeCode = "DOCUMENT_TOO_LARGE";
    public const string PayloadTooLargeCode = "PAYLOAD_TOO_LARGE";
    public const string TooManySubscriptionsCode = "TOO_MANY_SUBSCRIPTIONS";

    public static ExecutionError NotFound(string message) => new(message) { Code = NotFoundCode };

    public static ExecutionError Forbidden(string message) => new(message) { Code = ForbiddenCode };

    public static ExecutionError BadRequest(string message) => new(message) { Code = BadRequestCode };

    /// <summary>A validation refusal: the message names each field and why, as REST's ProblemDetails errors map does.</summary>
    public static ExecutionError BadRequest(IReadOnlyDictionary<string, string[]> errors) =>
        BadRequest(string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));

    public static ExecutionError InvalidId(string argument) => BadRequest($"{argument}: Must match {Ids.Pattern}.");

    public static ExecutionError From(DomainException domain)
    {
        var message = domain.Errors is { Count: > 0 } errors
            ? $"{domain.Message} {string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}"
            : domain.Message;
        return new ExecutionError(message) { Code = CodeOf(domain.Kind) };
    }

    public static string CodeOf(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.NotFound => NotFoundCode,
        DomainErrorKind.Conflict => "CONFLICT",
        DomainErrorKind.Unprocessable => "UNPROCESSABLE",
        DomainErrorKind.PreconditionFailed => "PRECONDITION_FAILED",
        DomainErrorKind.Forbidden => ForbiddenCode,
        _ => BadRequestCode,
    };
}
