namespace DashboardFactory.Api.Home;

public static class OpenApiDocumentApi
{
    /// <summary>
    /// The one document there is, at <c>/openapi/v1.json</c> (any case). The package's own route takes any name and
    /// answers an unknown one with a plain-text 404; constrained to "v1", any other name matches no route and gets the
    /// ProblemDetails 404 every unknown path gets.
    /// </summary>
    public const string Pattern = "/openapi/{documentName:regex(^v1$)}.json";

    public static IEndpointConventionBuilder MapOpenApiDocument(this IEndpointRouteBuilder app) => app.MapOpenApi(Pattern);
}
