using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DashboardFactory.Api.Auth;

public static class AuthExtensions
{
    public static WebApplicationBuilder AddDashboardFactoryAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .Bind(builder.Configuration.GetSection(AuthOptions.Section))
            .PostConfigure(options =>
            {
                if (string.IsNullOrWhiteSpace(options.AdminToken))
                {
                    options.AdminToken = "adm_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))
                        .TrimEnd('=').Replace('+', '-').Replace('/', '_');
                    options.AdminTokenGenerated = true;
                }
            })
            .Validate(o => o.AdminToken!.Length >= 16, "Auth:AdminToken must be at least 16 characters long.")
            .Validate(o => o.TokenKey is null || o.TokenKey.Length >= 32, "Auth:TokenKey must be at least 32 characters long.")
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<FailedAuthOptions>().BindConfiguration(FailedAuthOptions.Section)
            .Validate(o => o.FailedAuthPerAddressPerMinute >= 0, "RateLimits:FailedAuthPerAddressPerMinute is 0 (off) or more.")
            .ValidateOnStart();
        builder.Services.AddSingleton<FailedAuthLimiter>();
        builder.Services.AddSingleton<TokenSeal>();
        builder.Services.AddSingleton<RefusedTokens>();
        builder.Services.AddSingleton<TokenAuthenticator>();
        builder.Services.AddSingleton<OpenConnections>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OpenConnections>());
        builder.Services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.AdminPolicy, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Roles.StaffPolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(c => Access.AccessPolicy.MayReadOperations(c.User)));
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }
}
