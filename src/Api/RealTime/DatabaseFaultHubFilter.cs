using DashboardFactory.Errors;
using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// A hub method that fails on a database fault tells the browser so in words (SignalR sends a HubException's
/// message; any other exception arrives as an opaque "An unexpected error occurred"), with nothing of the
/// database's own message.
/// </summary>
internal sealed class DatabaseFaultHubFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (DatabaseFaultException fault)
        {
            throw new HubException(fault.IsTransient
                ? $"{invocationContext.HubMethodName} failed: the database is briefly unavailable. Retry shortly."
                : $"{invocationContext.HubMethodName} failed: the database refused the operation.");
        }
    }
}
