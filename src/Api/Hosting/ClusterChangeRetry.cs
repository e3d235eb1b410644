using Orleans.Storage;

namespace DashboardFactory.Api.Hosting;

/// <summary>
/// While a silo joins or leaves, a grain call can hit the old owner of a grain and come back as a rejection or
/// as "silo unavailable". Such a request is run again (a few times, briefly apart) before the client is told 503:
/// a graceful scale-down should not fail a single request. A rejected message was never processed, so any method
/// is retried; after "silo unavailable" the call may have run, so POST (creation) is not repeated, while GET,
/// PUT, PATCH (merge patches give the same document twice) and DELETE are; so are they after a storage ETag conflict
/// (a grain briefly active on two silos). Only before the response has started.
/// </summary>
public static partial class ClusterChangeRetry
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>After UseAuthorization, so a retry runs the endpoint again and nothing before it.</summary>
    public static WebApplication UseClusterChangeRetry(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClusterChangeRetry).FullName!);
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            context.Request.EnableBuffering();
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await next(context);
                    return;
                }
                catch (Exception error) when (attempt < Delays.Length && !context.Response.HasStarted && Retryable(error, context.Request.Method))
                {
                    LogRetry(logger, context.Request.Method, context.Request.Path, attempt + 1, error.GetType().Name);
                    await Task.Delay(Delays[attempt], context.RequestAborted);
                    context.Request.Body.Position = 0;
                }
            }
        });
        return app;
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
}
