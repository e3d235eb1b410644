namespace DashboardFactory.Errors;

/// <summary>How the edge should answer a domain error (404, 409, 422, 412, 400).</summary>
public enum DomainErrorKind
{
    Invalid = 0,
    NotFound = 1,
    Conflict = 2,
    Unprocessable = 3,
    PreconditionFailed = 4,
    Forbidden = 5,
}
