using DashboardFactory.Limits;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DashboardFactory.Api.Limits;

/// <summary>
/// Reads the body of every write to /api before its endpoint does: at most the endpoint's <see cref="BodyLimit"/>
/// (Limits:MaxBodyBytes when it has none) whatever Content-Length says, so a chunked body cannot pass a limit that only
/// a header was checked against (413 beyond); and a JSON body must be Unicode text that names each member of an object
/// once (400 otherwise, see <see cref="JsonBodyText"/>). The endpoint then reads the buffered copy. /graphql and /hubs
/// bound their own messages (GraphQL:MaxRequestBytes, SignalR's).
/// </summary>
public sealed partial class RequestBodyGuard(RequestDelegate next, IOptions<LimitsOptions> options, ILogger<RequestBodyGuard> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false
            || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            await next(context);
            return;
        }

        var limit = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>() is { } endpointLimit
            ? (endpointLimit.Setting, Bytes: endpointLimit.Bytes(options.Value))
            : (Setting: nameof(LimitsOptions.MaxBodyBytes), Bytes: options.Value.MaxBodyBytes);
        if (request.ContentLength > limit.Bytes)
        {
            await TooLargeAsync(context, limit.Setting, limit.Bytes);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // Kestrel's own bound (30 MB by default) is far above ours; ours is enforced by the read below either way.
            size.MaxRequestBodySize = limit.Bytes + 1L;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            int read;
            try
            {
                read = await request.Body.ReadAsync(chunk, context.RequestAborted);
            }
            catch (IOException broken) when (!context.RequestAborted.IsCancellationRequested)
            {
                // Kestrel reports some broken framing as an IOException rather than a bad request (a chunk size that
                // overflows: "Bad chunk size data"); the body is unreadable either way, which is the client's doing.
                LogUnreadable(logger, request.Method, request.Path, broken.Message);
                await UnreadableAsync(context, broken);
                return;
            }

            if (read == 0)
            {
                break;
            }

            if (buffer.Length + read > limit.Bytes)
            {
                await TooLargeAsync(context, limit.Setting, limit.Bytes);
                return;
            }

            buffer.Write(chunk, 0, read);
        }

        if (IsJson(request.ContentType) && !JsonBodyText.IsWellFormed(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), out var path, out var problem))
        {
            LogBrokenText(logger, request.Method, request.Path, path!, problem!);
            var title = problem == JsonBodyText.DuplicateMember
                ? "The request body names a member twice in one object."
                : "The request body contains text that is not Unicode.";
            await TypedResults.ValidationProblem(new Dictionary<string, string[]> { [path!] = [problem!] }, title: title).ExecuteAsync(context);
            return;
        }

        buffer.Position = 0;
        request.Body = buffer;
        await next(context);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType.Value is { } media
        && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>400 for a body whose framing is broken. The connection cannot be reused after it, so Kestrel closes it.</summary>
    private static Task UnreadableAsync(HttpContext context, IOException broken) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "The request could not be read.",
            detail: $"The request body is not framed correctly: {broken.Message}").ExecuteAsync(context);

    private Task TooLargeAsync(HttpContext context, string setting, int bytes)
    {
        LogTooLarge(logger, context.Request.Method, context.Request.Path, bytes, setting);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "The request body is too large.",
            detail: $"This endpoint takes at most {bytes} bytes (Limits:{setting}).").ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path}: body over {Bytes} bytes (Limits:{Setting}) refused with 413")]
    private static partial void LogTooLarge(ILogger logger, string method, PathString path, int bytes, string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path}: a body that cannot be read refused with 400: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string method, PathString path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path}: JSON body refused with 400 at {JsonPath}: {Problem}")]
    private static partial void LogBrokenText(ILogger logger, string method, PathString path, string jsonPath, string problem);
}
