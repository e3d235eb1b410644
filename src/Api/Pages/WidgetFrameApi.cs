using System.Security.Claims;
using System.Text.Json.Nodes;
using DashboardFactory.Api.Access;
using DashboardFactory.Rendering;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Pages;

/// <summary>
/// GET /cockpits/{id}/widgets/{widgetId}/frame: the sandboxed document a script widget runs in
/// (<see cref="WidgetFrameRenderer"/>), for the cockpit's owner and admins; 404 for anyone else and for a widget
/// without a script.
/// </summary>
public static class WidgetFrameApi
{
    public static IEndpointRouteBuilder MapWidgetFrameApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cockpits/{id}/widgets/{widgetId}/frame", FrameAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> FrameAsync(
        string id, string widgetId, HttpContext http, ClaimsPrincipal caller, AccessPolicy access, IOptions<RenderingOptions> rendering)
    {
        if (!Ids.IsValid(id) || !Ids.IsValid(widgetId))
        {
            return TypedResults.NotFound();
        }

        var view = await access.ReadCockpitAsync(caller, id);
        if (view is null
            || JsonNode.Parse(view.DocumentJson)?["widgets"]?[widgetId] is not JsonObject widget
            || widget["script"] is not JsonValue script || !script.TryGetValue<string>(out var text) || text.Length == 0)
        {
            return TypedResults.NotFound();
        }

        PageHeaders.Apply(http.Response, WidgetFrameRenderer.Policy(rendering.Value.ImageSources));
        http.Response.Headers.CacheControl = "private, no-cache";
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        return TypedResults.Content(WidgetFrameRenderer.Render(widget, origin), "text/html; charset=utf-8");
    }
}
