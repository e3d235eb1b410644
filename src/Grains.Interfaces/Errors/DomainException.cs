namespace DashboardFactory.Errors;

/// <summary>
/// A refusal by the domain (not a fault): the request was understood and cannot be carried out.
/// Crosses the silo boundary intact so the API can map it to a 4xx ProblemDetails.
/// </summary>
[GenerateSerializer, Alias("DashboardFactory.Errors.DomainException")]
public sealed class DomainException : Exception
{
    public DomainException(DomainErrorKind kind, string message, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(message)
    {
        Kind = kind;
        Errors = errors;
    }

    [Id(0)]
    public DomainErrorKind Kind { get; }

    /// <summary>Field errors keyed by JSON path, for a validation ProblemDetails.</summary>
    [Id(1)]
    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    public static DomainException NotFound(string message) => new(DomainErrorKind.NotFound, message);

    public static DomainException Conflict(string message) => new(DomainErrorKind.Conflict, message);

    public static DomainException Invalid(string message, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(DomainErrorKind.Invalid, message, errors);

    public static DomainException Forbidden(string message) => new(DomainErrorKind.Forbidden, message);

    public static DomainException PreconditionFailed(string message) => new(DomainErrorKind.PreconditionFailed, message);

    public static DomainException Unprocessable(string message) => new(DomainErrorKind.Unprocessable, message);
}
