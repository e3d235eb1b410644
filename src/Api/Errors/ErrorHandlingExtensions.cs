namespace DashboardFactory.Api.Errors;

public static class ErrorHandlingExtensions
{
    public static WebApplicationBuilder AddDashboardFactoryErrors(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

        // Binding failures throw instead of answering an empty 400, so the handler can say what was wrong.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

    /// <summary>Every error leaves as ProblemDetails, including empty 401/403/404/405 answers.</summary>
    public static WebApplication UseDashboardFactoryErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
