using DashboardFactory.Errors;
using GraphQL;
using GraphQL.Execution;

namespace DashboardFactory.Api.GraphQL;

/// <summary>
/// What a resolver's exception becomes: a domain refusal its REST code, a document the parser refuses SYNTAX_ERROR, a
/// cluster or database fault UNAVAILABLE (retry), anything else INTERNAL with no detail (and a log line), never the
/// exception's own text.
/// </summary>
internal static partial class GraphQLExceptions
{
    /// <summary>GraphQL.NET's code for a document that does not parse.</summary>
    private const string SyntaxErrorCode = "SYNTAX_ERROR";

    public static Task HandleAsync(UnhandledExceptionContext context)
    {
        context.Exception = context.OriginalException switch
        {
            DomainException domain => GraphQLErrors.From(domain),

            // The parser refuses a document nested past its depth limit with an exception GraphQL.NET does not turn into
            // an error as it does a syntax error ("Syntax Error ... Maximum depth exceeded."): the same code for both.
            GraphQLParser.Exceptions.GraphQLParserException parse => new ExecutionError(parse.Message) { Code = SyntaxErrorCode },
            DatabaseFaultException or SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException or TimeoutException =>
                new ExecutionError("The cluster or its database is briefly unavailable; retry shortly.") { Code = GraphQLErrors.UnavailableCode },
            _ => Internal(context),
        };
        return Task.CompletedTask;
    }

    private static ExecutionError Internal(UnhandledExceptionContext context)
    {
        var logger = context.ExecutionOptions.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger(typeof(GraphQLExceptions).FullName!);
        if (logger is not null)
        {
            LogFailed(logger, context.OriginalException, context.FieldContext?.FieldDefinition.Name ?? "(document)");
        }

        return new ExecutionError("The server could not complete this field.") { Code = GraphQLErrors.InternalCode };
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "GraphQL field {Field} failed")]
    private static partial void LogFailed(ILogger logger, Exception error, string field);
}
