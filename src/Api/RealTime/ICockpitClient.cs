using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.Api.RealTime;

/// <summary>What the server calls on a browser connected to <see cref="CockpitHub"/>; the wire names are the ones API.md fixes.</summary>
public interface ICockpitClient
{
    [HubMethodName("cockpitUpdated")]
    Task CockpitUpdated(CockpitUpdatedMessage update);

    [HubMethodName("alert")]
    Task Alert(AlertMessage alert);

    [HubMethodName("kpiValue")]
    Task KpiValue(KpiValueMessage value);
}
