namespace DashboardFactory.Api.Access;

public static class AccessExtensions
{
    /// <summary>The shared read and ownership rules (<see cref="AccessPolicy"/>).</summary>
    public static IServiceCollection AddDashboardFactoryAccess(this IServiceCollection services) =>
        services.AddSingleton<AccessPolicy>();
}
