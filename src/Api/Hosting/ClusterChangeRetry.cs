using Orleans.Storage;

namespace DashboardFactory.Api.Hosting;

/// <summary>
/// While a silo joins or leaves, a grain call can hit the old owner of a grain and come back as a rejection or
/// as "silo unavailable". Such a request is run again (a few times, briefly apart) before the client is told 503:
/// a graceful scale-down should not fail a single request. A rejected message was never processed, so any method
/// is retried; after "silo unavailable" the call may have run, so POST (creation) is not repeated, while GET,
/// PUT, PATCH (merge patches give the same document twice) and DELETE are; so are they after a storage ETag conflict
/// (a grain briefly active on two silos). Only before the response has started.
/// The middleware sees only what the endpoint throws: authentication, which runs before it, asks the user grain behind
/// a bearer token, and wraps that read in <see cref="ReadAsync{T}(Func{Task{T}}, ILogger, string, CancellationToken)"/>.
/// </summary>
public static partial class ClusterChangeRetry
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>After UseAuthorization, so a retry runs the endpoint again and nothing before it.</summary>
    public static WebApplication UseClusterChangeRetry(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClusterChangeRetry).FullName!);
        app.Use((context, next) => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            ? RunAsync(context, next, logger, Delays)
            : next(context));
        return app;
    }

    /// <summary>
    /// Runs the rest of the pipeline, again after a retryable failure. The body is buffered, and each attempt reads it
    /// through a view that ignores Dispose: an endpoint that disposes the body it read (a StreamReader in a using)
    /// must not leave the next attempt a closed stream (that was a 500 while a silo left).
    /// </summary>
    internal static async Task RunAsync(HttpContext context, RequestDelegate next, ILogger logger, IReadOnlyList<TimeSpan> delays)
    {
        context.Request.EnableBuffering();
        var body = context.Request.Body;
        for (var attempt = 0; ; attempt++)
        {
            context.Request.Body = new UndisposableStream(body);
            try
            {
                await next(context);
                return;
            }
            catch (Exception error) when (attempt < delays.Count && !context.Response.HasStarted && Retryable(error, context.Request.Method))
            {
                LogRetry(logger, context.Request.Method, context.Request.Path, attempt + 1, error.GetType().Name);
                await Task.Delay(delays[attempt], context.RequestAborted);
                body.Position = 0;
            }
            finally
            {
                context.Request.Body = body;
            }
        }
    }

    /// <summary>
    /// A grain read made before the middleware above runs, such as the user grain that authentication asks about a
    /// bearer token: run again on the failures, and after the pauses, that a GET would be. A failure there never reached
    /// the middleware, so while a silo left, a request whose caller's user grain was on it (an operator's PATCH) was
    /// answered 503 without one retry. Repeating it is safe whatever the request's method: the read changes nothing, and
    /// nothing of the request itself has run yet.
    /// </summary>
    public static Task<T> ReadAsync<T>(Func<Task<T>> read, ILogger logger, string what, CancellationToken cancellationToken = default) =>
        ReadAsync(read, logger, what, Delays, cancellationToken);

    internal static async Task<T> ReadAsync<T>(Func<Task<T>> read, ILogger logger, string what, IReadOnlyList<TimeSpan> delays, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await read();
            }
            catch (Exception error) when (attempt < delays.Count && Retryable(error, HttpMethods.Get))
            {
                LogReadRetry(logger, what, attempt + 1, error.GetType().Name);
                await Task.Delay(delays[attempt], cancellationToken);
            }
        }
    }

    internal static bool Retryable(Exception error, string method) => error switch
    {
        // SiloUnavailableException is a kind of rejection, but one after which the call may have run.
        SiloUnavailableException => !HttpMethods.IsPost(method),

        // Two activations of one grain for a moment while the directory moves (a silo left): the second's write was
        // refused on its ETag and that activation deactivates, so the next call reads the stored state afresh. The
        // call's later steps did not run; a POST's earlier ones might have, so it is not repeated.
        InconsistentStateException => !HttpMethods.IsPost(method),
        OrleansMessageRejectionException => true,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path}: the cluster changed under the call ({Error}); running it again (retry {Attempt})")]
    private static partial void LogRetry(ILogger logger, string method, PathString path, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{What}: the cluster changed under the call ({Error}); running it again (retry {Attempt})")]
    private static partial void LogReadRetry(ILogger logger, string what, int attempt, string error);
}
