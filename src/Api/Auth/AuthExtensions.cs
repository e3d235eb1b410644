using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;

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
            .ValidateOnStart();

        builder.Services.AddSingleton<TokenAuthenticator>();
        builder.Services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.AdminPolicy, policy => policy.RequireRole(Roles.Admin));
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }
}
