namespace DashboardFactory.Api.GraphQL.Transport;

/// <summary>The close codes of the graphql-transport-ws protocol this server uses, with the reasons it sends.</summary>
public static class CloseCodes
{
    /// <summary>A message that is not valid JSON, lacks a type or id, or has a type the server does not take.</summary>
    public const int BadRequest = 4400;

    /// <summary>subscribe before connection_ack.</summary>
    public const int Unauthorized = 4401;

    /// <summary>connection_init without a valid token.</summary>
    public const int Forbidden = 4403;

    /// <summary>No connection_init within GraphQL:ConnectionInitTimeout.</summary>
    public const int ConnectionInitialisationTimeout = 4408;

    /// <summary>subscribe with the id of an operation still running.</summary>
    public const int SubscriberAlreadyExists = 4409;

    /// <summary>A second connection_init.</summary>
    public const int TooManyInitialisationRequests = 4429;

    /// <summary>The server could not handle a message (e.g. the cluster was unreachable while checking the token).</summary>
    public const int InternalServerError = 4500;

    /// <summary>A message larger than GraphQL:MaxRequestBytes (RFC 6455's "message too big").</summary>
    public const int MessageTooBig = 1009;
}
