using System.Security.Claims;
using System.Text;
using DashboardFactory.Api.GraphQL.Batching;
using DashboardFactory.Api.Streams;
using DashboardFactory.Api.GraphQL.Graph;
using GraphQL;
using GraphQL.Transport;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.GraphQL;

/// <summary>
/// Runs one GraphQL operation for a caller, over HTTP or a WebSocket alike: the size limit first, then GraphQL.NET
/// (parse, validation with the depth and complexity limits, execution) with a fresh set of batch loaders.
/// </summary>
public sealed class GraphQLRunner(IDocumentExecuter<DashboardSchema> executer, IGrainFactory grains, IOptions<GraphQLOptions> options)
{
    public async Task<ExecutionResult> ExecuteAsync(GraphQLRequest request, ClaimsPrincipal caller, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            return Refusal(new ExecutionError("A query is required.") { Code = GraphQLErrors.BadRequestCode });
        }

        var max = options.Value.MaxDocumentBytes;
        if (Encoding.UTF8.GetByteCount(request.Query) > max)
        {
            return Refusal(new ExecutionError($"The query is larger than {max} bytes (GraphQL:MaxDocumentBytes).") { Code = GraphQLErrors.DocumentTooLargeCode });
        }

        // A socket opened with a stream ticket may only subscribe (its scope's field, checked by that resolver).
        if (TicketAuthenticator.ScopeOf(caller) is { } scope && !IsSubscription(request))
        {
            return Refusal(GraphQLErrors.Forbidden($"This connection was opened with a ticket for '{scope}': it may only subscribe to that."));
        }

        return await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            User = caller,
            RequestServices = services,
            CancellationToken = cancellationToken,
            UserContext = new GraphQLRequestContext(caller, new GrainLoaders(grains)),
        });
    }

    /// <summary>
    /// Whether the operation the request names (or its only one) is a subscription. A document that does not parse is
    /// not one: the ticket holder gets FORBIDDEN rather than a syntax error, which is the same refusal either way.
    /// </summary>
    private static bool IsSubscription(GraphQLRequest request)
    {
        try
        {
            var operations = GraphQLParser.Parser.Parse(request.Query!).Definitions.OfType<GraphQLParser.AST.GraphQLOperationDefinition>().ToList();
            var chosen = request.OperationName is { Length: > 0 } name
                ? operations.Where(o => o.Name is { } n && n.StringValue == name).ToList()
                : operations;
            return chosen.Count == 1 && chosen[0].Operation == GraphQLParser.AST.OperationType.Subscription;
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            return false;
        }
    }

    /// <summary>A request refused before execution: errors only, no data (a WebSocket answers it with an error message).</summary>
    private static ExecutionResult Refusal(ExecutionError error) => new() { Errors = [error], Executed = false };
}
