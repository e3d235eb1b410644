using DashboardFactory.Api.RealTime;
using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.Api.Streams;

/// <summary>
/// A hub connection opened with a ticket may do what its scope says and nothing else: cockpit:{id} joins that
/// cockpit and subscribes to KPIs (its widgets' feeds), kpi:{code} subscribes to that KPI (any period), alerts only receives admin alerts. An admin's ticket
/// for anything but alerts does not put the connection in the admins' alert group.
/// </summary>
public sealed class TicketScopeHubFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (ScopeOf(invocationContext.Context) is { } scope && !Allows(scope, invocationContext.HubMethodName, invocationContext.HubMethodArguments))
        {
            throw new HubException($"This connection was opened with a ticket for '{scope}'; {invocationContext.HubMethodName} is outside it.");
        }

        return await next(invocationContext);
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        if (ScopeOf(context.Context) is { } scope && scope.Kind != StreamScope.Alerts)
        {
            await context.Hub.Groups.RemoveFromGroupAsync(context.Context.ConnectionId, CockpitHub.AdminsGroup);
        }
    }

    private static StreamScope? ScopeOf(HubCallerContext context) => TicketAuthenticator.ScopeOf(context.User);

    private static bool Allows(StreamScope scope, string method, IReadOnlyList<object?> arguments)
    {
        var first = arguments.Count > 0 ? arguments[0] as string : null;
        return method switch
        {
            nameof(CockpitHub.JoinCockpit) or nameof(CockpitHub.LeaveCockpit) => scope.Kind == StreamScope.Cockpit && first == scope.Id,
            // A cockpit page's connection feeds its widgets: any KPI, as every signed-in user may read KPIs.
            nameof(CockpitHub.SubscribeKpi) or nameof(CockpitHub.UnsubscribeKpi) => (scope.Kind == StreamScope.Kpi && first == scope.Id) || scope.Kind == StreamScope.Cockpit,
            _ => false,
        };
    }
}
