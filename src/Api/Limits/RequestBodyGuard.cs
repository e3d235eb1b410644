using DashboardFactory.Limits;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DashboardFactory.Api.Limits;

/// <summary>
/// Reads the body of every write to /api before its endpoint does: at most the endpoint's <see cref="BodyLimit"/>
/// (Limits:MaxBodyBytes when it has none) whatever Content-Length says, so a chunked body cannot pass a limit that only
/// a header was checked against (413 beyond); and a JSON body must be Unicode text (400 otherwise). The endpoint then
/// reads the buffered copy. /graphql and /hubs bound their own messages (GraphQL:MaxRequestBytes, SignalR's).
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
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit.Bytes)
            {
                await TooLargeAsync(context, limit.Setting, limit.Bytes);
                return;
            }

            buffer.Write(chunk, 0, read);
        }

        if (IsJson(request.ContentType) && !JsonBodyText.IsWellFormed(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), out var path))
        {
            LogBrokenText(logger, request.Method, request.Path, path!);
            var errors = new Dictionary<string, string[]> { [path!] = ["Must be Unicode text: a \\uD800-\\uDFFF escape must be half of a surrogate pair, and the body must be UTF-8."] };
            await TypedResults.ValidationProblem(errors, title: "The request body contains text that is not Unicode.").ExecuteAsync(context);
            return;
        }

        buffer.Position = 0;
        request.Body = buffer;
        await next(context);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType.Value is { } media
        && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

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

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path}: JSON body with text that is not Unicode at {JsonPath} refused with 400")]
    private static partial void LogBrokenText(ILogger logger, string method, PathString path, string jsonPath);
}
