using DashboardFactory.Api.Admin;
using DashboardFactory.Api.Access;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.Campaigns;
using DashboardFactory.Api.Cockpits;
using DashboardFactory.Api.Demo;
using DashboardFactory.Api.Errors;
using DashboardFactory.Api.Features;
using DashboardFactory.Api.GraphQL;
using DashboardFactory.Api.Health;
using DashboardFactory.Api.Home;
using DashboardFactory.Api.Hosting;
using DashboardFactory.Api.Dashboard;
using DashboardFactory.Api.Kpis;
using DashboardFactory.Api.Limits;
using DashboardFactory.Api.Notifications;
using DashboardFactory.Api.OpenApi;
using DashboardFactory.Api.Ops;
using DashboardFactory.Api.OrleansDashboard;
using DashboardFactory.Api.Previews;
using DashboardFactory.Api.Pages;
using DashboardFactory.Api.RateLimiting;
using DashboardFactory.Api.Rollbacks;
using DashboardFactory.Api.RealTime;
using DashboardFactory.Api.Streams;
using DashboardFactory.Api.Telemetry;
using DashboardFactory.Api.Users;
using DashboardFactory.Api.Webhooks;

var builder = WebApplication.CreateBuilder(args);
builder.AddDashboardFactoryOrleans()
    .AddDashboardFactoryErrors()
    .AddDashboardFactoryAuth()
    .AddDashboardFactoryTelemetry();
builder.Services.AddDashboardFactoryAccess();
builder.Services.AddDashboardFactoryLimits();
builder.Services.AddDashboardFactoryHealth()
    .AddDashboardFactoryDemo(builder.Configuration)
    .AddDashboardFactoryOpenApi();
builder.Services.AddDashboardFactoryRealTime();
builder.Services.AddDashboardFactoryKpis();
builder.Services.AddDashboardFactoryDashboard();
builder.Services.AddDashboardFactoryOps();
builder.Services.AddDashboardFactoryStreams();
builder.Services.AddDashboardFactoryRateLimiting();
builder.Services.AddDashboardFactoryGraphQL();
builder.Services.AddDashboardFactoryPages(builder.Configuration);

var app = builder.Build();
app.UseDashboardFactoryErrors();
app.UseDashboardFactoryStreams();
app.UseOrleansDashboardSignIn();
app.UseAuthentication();
app.UseAuthorization();
app.UseDashboardFactoryRateLimiting();
app.UseRequestLimits();
app.UseOpenConnections();
app.UseClusterChangeRetry();
app.MapOpenApiDocument();
app.MapHomeApi();
app.MapHealthApi();
app.MapUsersApi();
app.MapCockpitsApi();
app.MapFeaturesApi();
app.MapCampaignsApi();
app.MapRollbacksApi();
app.MapNotificationsApi();
app.MapRealTime();
app.MapKpisApi();
app.MapDashboardApi();
app.MapPreviewsApi();
app.MapOpsApi();
app.MapAdminPages();
app.MapWebhooksApi();
app.MapStreamsApi();
app.MapGraphQLApi();
app.MapOrleansDashboardApi(app.Configuration);
app.MapDashboardFactoryPages();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
