namespace DashboardFactory.Errors;

/// <summary>
/// A refusal by the domain (not a fault): the request was understood and cannot be carried out.
/// Crosses the silo boundary intact so the API can map it to a 4xx ProblemDetails.
/// </summary>
[GenerateSerializer, Alias("DashboardFactory.Errors.DomainException")]
public sealed class DomainException : Exception
{
    public DomainException(DomainErrorKind kind, string message) : base(message) => Kind = kind;

    [Id(0)]
    public DomainErrorKind Kind { get; }

    public static DomainException NotFound(string message) => new(DomainErrorKind.NotFound, message);

    public static DomainException Conflict(string message) => new(DomainErrorKind.Conflict, message);

    public static DomainException Invalid(string message) => new(DomainErrorKind.Invalid, message);
}
