using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace DashboardFactory.Api.Streams;

/// <summary>
/// An EventSource asks for text/event-stream only, and the default writer then gives up and errors go out as plain
/// text. Refusals of stream requests (400, 401, 404, 429) are ProblemDetails like every other error: scripts and
/// curl read them, and a browser ignores the body either way.
/// </summary>
public sealed class StreamProblemDetailsWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) =>
        context.HttpContext.Request.Headers.Accept.ToString().Contains(StreamsApi.ContentType, StringComparison.OrdinalIgnoreCase);

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var response = context.HttpContext.Response;
        problem.Status ??= response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(response.StatusCode);
        response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(response.Body, problem, problem.GetType(), JsonSerializerOptions.Web, context.HttpContext.RequestAborted);
    }
}
