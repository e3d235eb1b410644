using System.Buffers;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.Limits;
using DashboardFactory.Api.Streams;
using GraphQL;
using GraphQL.Transport;

namespace DashboardFactory.Api.GraphQL.Transport;

/// <summary>
/// One WebSocket speaking graphql-transport-ws (the protocol of the graphql-ws client): connection_init with
/// <c>{token}</c> (or a stream ticket, <c>{ticket}</c> or a "tkt_" token, which limits the socket to its scope's
/// subscription) within the configured time, connection_ack, ping/pong, and any number of operations by id
/// (subscribe → next* → complete, or error), until either side closes. A protocol violation closes the socket
/// with the protocol's code; a bad operation only answers an error for its id.
/// </summary>
/// <remarks>
/// One loop receives and handles messages in order; operations run beside it; everything the server sends goes
/// through one queue and one writer, so messages of an operation keep their order and a close comes after them.
/// When the socket ends, every operation is disposed, which hands its relay listener (a KPI lease, a cockpit
/// watch) back at once.
/// </remarks>
public sealed partial class GraphQLWebSocketSession(
    WebSocket socket,
    HttpContext http,
    GraphQLRunner runner,
    TokenAuthenticator tokens,
    TicketAuthenticator tickets,
    OpenConnections connections,
    PartitionedRateLimiter<HttpContext>? streamLimiter,
    IGraphQLTextSerializer serializer,
    GraphQLOptions options,
    TimeProvider time,
    ILogger<GraphQLWebSocketSession> logger)
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly IGraphQLTextSerializer _serializer = serializer;
    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _ending = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    private readonly string _connectionId = http.TraceIdentifier;
    private ClaimsPrincipal? _caller;
    private IDisposable? _registration;
    private RateLimitLease? _streamPermit;
    private int _initReceived;
    private int _closing;

    public async Task RunAsync()
    {
        using var receiving = CancellationTokenSource.CreateLinkedTokenSource(_ending.Token, http.RequestAborted);
        var writer = WriteAsync();
        var initDeadline = InitDeadlineAsync(receiving.Token);
        try
        {
            while (await ReceiveAsync(receiving.Token) is { } message)
            {
                await HandleAsync(message);
            }
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException)
        {
            // The client went away or the server ended the session; either way the operations end below.
        }
        finally
        {
            _registration?.Dispose();
            _streamPermit?.Dispose();
            DisposeOperations();
            _outgoing.Writer.TryComplete();
            await writer;
            await AnswerCloseAsync();
            await _ending.CancelAsync();
            await initDeadline;
            _ending.Dispose();
        }
    }

    /// <summary>Completes a close the client started (after the writer, so never during another send).</summary>
    private async Task AnswerCloseAsync()
    {
        if (socket.State != WebSocketState.CloseReceived)
        {
            return;
        }

        try
        {
            await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, CancellationToken.None)
                .WaitAsync(CloseHandshakeTimeout);
        }
        catch (Exception error) when (error is WebSocketException or TimeoutException or OperationCanceledException)
        {
        }
    }

    /// <summary>The next text message, or null when the socket closed or the session is closing.</summary>
    private async Task<string?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(8 * 1024);
        try
        {
            using var message = new MemoryStream();
            while (true)
            {
                var frame = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                if (frame.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                if (message.Length + frame.Count > options.MaxRequestBytes)
                {
                    Close(CloseCodes.MessageTooBig, $"Messages may be at most {options.MaxRequestBytes} bytes");
                    return null;
                }

                message.Write(buffer, 0, frame.Count);
                if (frame.EndOfMessage)
                {
                    if (frame.MessageType == WebSocketMessageType.Binary)
                    {
                        Close(CloseCodes.BadRequest, "Binary messages are not supported");
                        return null;
                    }

                    return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task HandleAsync(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            Close(CloseCodes.BadRequest, "Invalid message received: not JSON");
            return;
        }

        using (document)
        {
            // A string that is not Unicode (a lone \ud800) or a member named twice fails whoever reads it later (the token
            // check, GraphQL's variables): refused here as the bad message it is, not a server failure.
            if (!JsonBodyText.IsWellFormed(Encoding.UTF8.GetBytes(text), out _, out var problem))
            {
                Close(CloseCodes.BadRequest, problem == JsonBodyText.DuplicateMember
                    ? "Invalid message received: a member named twice in one object"
                    : "Invalid message received: text that is not Unicode");
                return;
            }

            var message = document.RootElement;
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                Close(CloseCodes.BadRequest, "Invalid message received: no type");
                return;
            }

            try
            {
                await DispatchAsync(type.GetString(), message);
            }
            catch (Exception error)
            {
                // Never a dropped server: the client learns the server failed and may reconnect.
                LogMessageFailed(error, _connectionId, Truncate(type.GetString()));
                Close(CloseCodes.InternalServerError, "Internal server error");
            }
        }
    }

    private async Task DispatchAsync(string? type, JsonElement message)
    {
        switch (type)
        {
            case MessageTypes.ConnectionInit:
                await InitAsync(message);
                break;
            case MessageTypes.Ping:
                Send(Message(MessageTypes.Pong));
                break;
            case MessageTypes.Pong:
                break;
            case MessageTypes.Subscribe:
                Subscribe(message);
                break;
            case MessageTypes.Complete:
                Complete(message);
                break;
            default:
                Close(CloseCodes.BadRequest, $"Invalid message received: type '{Truncate(type)}'");
                break;
        }
    }

    private async Task InitAsync(JsonElement message)
    {
        if (Interlocked.Exchange(ref _initReceived, 1) == 1)
        {
            Close(CloseCodes.TooManyInitialisationRequests, "Too many initialisation requests");
            return;
        }

        var payload = message.TryGetProperty("payload", out var p) ? p : default;
        if (payload.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
        {
            Close(CloseCodes.BadRequest, "Invalid message received: the connection_init payload must be an object");
            return;
        }

        ClaimsPrincipal? caller = null;
        var signedInByUpgrade = http.User.Identity?.IsAuthenticated == true;
        if (Credential(payload, "ticket") is { } ticket)
        {
            caller = await tickets.RedeemAsync(ticket, BearerTokenHandler.SchemeName);
        }
        else if (Credential(payload, "token") is { } value)
        {
            // A browser's graphql-ws client may hand a ticket where a token goes, as a SignalR client does.
            caller = value.StartsWith(StreamTickets.Prefix, StringComparison.Ordinal)
                ? await tickets.RedeemAsync(value, BearerTokenHandler.SchemeName)
                : (await tokens.AuthenticateAsync(value, BearerTokenHandler.SchemeName, http.RequestAborted)).Caller;
        }
        else if (http.User.Identity?.IsAuthenticated == true)
        {
            // A client that can set headers may authenticate the upgrade request itself.
            caller = http.User;
        }

        if (caller is null)
        {
            LogForbidden(_connectionId);
            Close(CloseCodes.Forbidden, "Forbidden");
            return;
        }

        // The upgrade passed the rate limiter unsigned (the graphql-ws client signs in here): this socket takes its
        // RateLimits:StreamsPerToken permit now, held until it closes, as an SSE stream or hub connection does.
        if (!signedInByUpgrade && streamLimiter is not null)
        {
            http.User = caller;
            var permit = streamLimiter.AttemptAcquire(http);
            if (!permit.IsAcquired)
            {
                permit.Dispose();
                Close(CloseCodes.TooManyInitialisationRequests, "Too many open streams for this token (RateLimits:StreamsPerToken)");
                return;
            }

            _streamPermit = permit;
        }

        // Closed (4403) when the token is rotated or revoked or the role changes; the client signs in again.
        _registration = await connections.RegisterAsync(caller, () => Close(CloseCodes.Forbidden, "Forbidden: the credentials changed"));
        _caller = caller;
        Send(Message(MessageTypes.ConnectionAck));
    }

    private static string? Credential(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private void Subscribe(JsonElement message)
    {
        if (_caller is not { } caller)
        {
            Close(CloseCodes.Unauthorized, "Unauthorized");
            return;
        }

        if (!message.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || idElement.GetString() is not { Length: > 0 } id)
        {
            Close(CloseCodes.BadRequest, "Invalid message received: subscribe needs an id");
            return;
        }

        GraphQLRequest? request = null;
        if (message.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
            && payload.TryGetProperty("query", out var query) && query.ValueKind == JsonValueKind.String)
        {
            try
            {
                request = _serializer.Deserialize<GraphQLRequest>(payload.GetRawText());
            }
            catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException)
            {
                request = null;
            }
        }

        if (request is null)
        {
            Close(CloseCodes.BadRequest, "Invalid message received: subscribe needs a payload {query, variables?, operationName?}");
            return;
        }

        Operation? operation = null;
        bool duplicate;
        lock (_gate)
        {
            duplicate = _operations.ContainsKey(id);
            if (!duplicate && _operations.Count < options.MaxSubscriptionsPerConnection)
            {
                operation = new Operation(id);
                _operations.Add(id, operation);
            }
        }

        if (duplicate)
        {
            Close(CloseCodes.SubscriberAlreadyExists, $"Subscriber for {Truncate(id)} already exists");
            return;
        }

        if (operation is null)
        {
            Send(ErrorMessage(id, _serializer.Serialize(new ExecutionError[]
            {
                new($"At most {options.MaxSubscriptionsPerConnection} operations may run on one connection (GraphQL:MaxSubscriptionsPerConnection).")
                {
                    Code = GraphQLErrors.TooManySubscriptionsCode,
                },
            })));
            return;
        }

        // Runs beside the receive loop (a complete or ping must not wait for it); it catches what it throws.
        _ = ExecuteAsync(operation, request, caller);
    }

    private async Task ExecuteAsync(Operation operation, GraphQLRequest request, ClaimsPrincipal caller)
    {
        try
        {
            var result = await runner.ExecuteAsync(request, caller, http.RequestServices, operation.Cancellation.Token);
            if (result.Streams is { Count: > 0 } streams)
            {
                // A subscription has exactly one root field (GraphQL validation), so one stream.
                var subscription = streams.Values.First().Subscribe(new Observer(this, operation));
                if (!operation.Attach(subscription))
                {
                    subscription.Dispose();
                }

                return;
            }

            if (!operation.Cancellation.IsCancellationRequested)
            {
                // A request error (not executed: unparsable, invalid, too large or too complex) is an error message;
                // an executed query, mutation or refused subscription is its result, then complete.
                Send(result.Executed
                    ? Message(MessageTypes.Next, operation.Id, _serializer.Serialize(result))
                    : ErrorMessage(operation.Id, _serializer.Serialize(result.Errors)));
                if (result.Executed)
                {
                    Send(Message(MessageTypes.Complete, operation.Id));
                }
            }

            Forget(operation);
        }
        catch (OperationCanceledException) when (operation.Cancellation.IsCancellationRequested)
        {
            Forget(operation);
        }
        catch (Exception error)
        {
            LogOperationFailed(error, _connectionId, operation.Id);
            if (!operation.Cancellation.IsCancellationRequested)
            {
                Send(ErrorMessage(operation.Id, _serializer.Serialize(new ExecutionError[]
                {
                    new("The server could not run this operation.") { Code = GraphQLErrors.InternalCode },
                })));
            }

            Forget(operation);
        }
    }

    /// <summary>The client stops an operation: nothing more is sent for its id and its stream lets go at once.</summary>
    private void Complete(JsonElement message)
    {
        if (!message.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || idElement.GetString() is not { } id)
        {
            Close(CloseCodes.BadRequest, "Invalid message received: complete needs an id");
            return;
        }

        Operation? operation;
        lock (_gate)
        {
            _operations.Remove(id, out operation);
        }

        operation?.Dispose();
    }

    /// <summary>The operation ended by itself (result sent, stream completed or failed): its id may be used again.</summary>
    private void Forget(Operation operation)
    {
        lock (_gate)
        {
            if (_operations.TryGetValue(operation.Id, out var known) && known == operation)
            {
                _operations.Remove(operation.Id);
            }
        }

        operation.Dispose();
    }

    private void DisposeOperations()
    {
        List<Operation> all;
        lock (_gate)
        {
            all = [.. _operations.Values];
            _operations.Clear();
        }

        foreach (var operation in all)
        {
            operation.Dispose();
        }
    }

    private async Task InitDeadlineAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.ConnectionInitTimeout, time, cancellationToken);
            if (Volatile.Read(ref _initReceived) == 0)
            {
                Close(CloseCodes.ConnectionInitialisationTimeout, "Connection initialisation timeout");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Send(string text) => _outgoing.Writer.TryWrite(new Outgoing(text, null, null));

    /// <summary>Closes after what is already queued; the receive loop ends when the client answers or after a grace.</summary>
    private void Close(int code, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
        {
            return;
        }

        reason = Fit(reason);
        LogClosing(_connectionId, code, reason);
        _outgoing.Writer.TryWrite(new Outgoing(null, code, reason));
        _outgoing.Writer.TryComplete();
    }

    private async Task WriteAsync()
    {
        try
        {
            await foreach (var item in _outgoing.Reader.ReadAllAsync())
            {
                if (item.Text is not null)
                {
                    if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await socket.SendAsync(Encoding.UTF8.GetBytes(item.Text), WebSocketMessageType.Text, true, _ending.Token);
                    }

                    continue;
                }

                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync((WebSocketCloseStatus)item.Code!.Value, item.Reason, _ending.Token);
                }

                // The client answers a close with its own; if it does not, stop waiting for it.
                _ending.CancelAfter(CloseHandshakeTimeout);
                return;
            }
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The socket is gone; the receive loop ends on its own.
        }
    }

    private static string Message(string type, string? id = null, string? payload = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (id is not null)
            {
                json.WriteString("id", id);
            }

            json.WriteString("type", type);
            if (payload is not null)
            {
                json.WritePropertyName("payload");
                json.WriteRawValue(payload, skipInputValidation: true);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string ErrorMessage(string id, string errors) => Message(MessageTypes.Error, id, errors);

    private static string Truncate(string? text) => text is null ? string.Empty : text.Length <= 64 ? text : text[..64];

    /// <summary>
    /// A close reason of at most 123 UTF-8 bytes, the most a close frame carries: a longer one makes the close itself
    /// fail, and the client would wait for a close that never comes (a type of 64 wide characters was enough).
    /// </summary>
    private static string Fit(string reason)
    {
        const int MaxBytes = 123;
        if (Encoding.UTF8.GetByteCount(reason) <= MaxBytes)
        {
            return reason;
        }

        var length = reason.Length;
        while (length > 0 && (Encoding.UTF8.GetByteCount(reason.AsSpan(0, length)) > MaxBytes - 3 || char.IsHighSurrogate(reason[length - 1])))
        {
            length--;
        }

        return reason[..length] + "…";
    }

    [LoggerMessage(EventId = 1410, Level = LogLevel.Information, Message = "GraphQL connection {ConnectionId} closed by the server with {CloseCode}: {Reason}")]
    private partial void LogClosing(string connectionId, int closeCode, string reason);

    [LoggerMessage(EventId = 1411, Level = LogLevel.Information, Message = "GraphQL connection {ConnectionId} refused: connection_init without a valid token")]
    private partial void LogForbidden(string connectionId);

    [LoggerMessage(EventId = 1413, Level = LogLevel.Error, Message = "GraphQL connection {ConnectionId} could not handle a {MessageType} message; closing it with 4500")]
    private partial void LogMessageFailed(Exception error, string connectionId, string messageType);

    [LoggerMessage(EventId = 1412, Level = LogLevel.Warning, Message = "GraphQL operation {OperationId} on connection {ConnectionId} failed")]
    private partial void LogOperationFailed(Exception error, string connectionId, string operationId);

    private sealed record Outgoing(string? Text, int? Code, string? Reason);

    /// <summary>An operation by its client-chosen id: cancels its execution, and once subscribed owns its stream subscription.</summary>
    private sealed class Operation(string id)
    {
        private readonly Lock _gate = new();
        private IDisposable? _subscription;
        private bool _disposed;

        public string Id { get; } = id;

        public CancellationTokenSource Cancellation { get; } = new();

        /// <summary>False when the operation was already disposed (the caller disposes the subscription).</summary>
        public bool Attach(IDisposable subscription)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return false;
                }

                _subscription = subscription;
                return true;
            }
        }

        public void Dispose()
        {
            IDisposable? subscription;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                subscription = _subscription;
            }

            Cancellation.Cancel();
            subscription?.Dispose();
        }
    }

    /// <summary>Sends each result of a subscription's stream as next, its end as complete, its failure as error.</summary>
    private sealed class Observer(GraphQLWebSocketSession session, Operation operation) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value)
        {
            if (!operation.Cancellation.IsCancellationRequested)
            {
                session.Send(Message(MessageTypes.Next, operation.Id, session._serializer.Serialize(value)));
            }
        }

        public void OnCompleted()
        {
            if (!operation.Cancellation.IsCancellationRequested)
            {
                session.Send(Message(MessageTypes.Complete, operation.Id));
            }

            session.Forget(operation);
        }

        public void OnError(Exception error)
        {
            if (!operation.Cancellation.IsCancellationRequested)
            {
                session.Send(ErrorMessage(operation.Id, session._serializer.Serialize(new ExecutionError[]
                {
                    new("The subscription's source failed.") { Code = GraphQLErrors.InternalCode },
                })));
            }

            session.Forget(operation);
        }
    }
}
