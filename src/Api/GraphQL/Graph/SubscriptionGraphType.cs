using DashboardFactory.Alerts;
using DashboardFactory.Api.Access;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.RealTime;
using DashboardFactory.Api.Streams;
using DashboardFactory.Cockpits;
using DashboardFactory.Kpis;
using GraphQL;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

/// <summary>
/// Live data over graphql-transport-ws, riding this node's relays like the hub does: a kpiValue subscriber is one
/// more holder of the node's lease on the KPI (publishing stops when the last holder goes), cockpitUpdated one more
/// watcher of the cockpit. Each stream is open once its subscribe has been executed.
/// </summary>
public sealed class SubscriptionGraphType : ObjectGraphType
{
    public SubscriptionGraphType(IGrainFactory grains, AccessPolicy access, KpiRelay kpis, CockpitEventRelay cockpits, AdminAlertRelay alerts)
    {
        Name = "Subscription";

        Field<KpiValueGraphType, KpiReading>("kpiValue")
            .Description("The KPI's value now (when it has data), then every change while subscribed. Any signed-in user.")
            .Argument<NonNullGraphType<IdGraphType>>("code")
            .Argument<KpiPeriodGraphType>("period", "Default minute.", a => a.DefaultValue = KpiPeriod.Minute)
            .ResolveStreamAsync(async c =>
            {
                var code = QueryGraphType.ValidId(c, "code");
                var period = c.GetArgument<KpiPeriod>("period");
                c.RequireTicketScope(StreamScope.Kpi, code);

                // A KPI that never accepted a point is not found: invented codes cost no lease, stream grain or timer.
                if (await grains.GetGrain<IKpiGrain>(code).GetCurrentAsync(period) is null)
                {
                    throw GraphQLErrors.NotFound($"KPI '{code}' has no data.");
                }

                var listener = await kpis.ListenAsync(code, period, c.Caller().CallerId())
                    ?? throw new ExecutionError($"Too many KPI subscriptions: a user may hold {kpis.MaxPerUser} live KPI feeds on one API node (Limits:MaxKpiSubscriptionsPerUser).")
                    {
                        Code = GraphQLErrors.TooManySubscriptionsCode,
                    };
                KpiValue? current;
                try
                {
                    current = await grains.GetGrain<IKpiGrain>(code).GetCurrentAsync(period);
                }
                catch
                {
                    await listener.CloseAsync();
                    throw;
                }

                // Ids only grow, so a pushed value the current one already covers is not sent again.
                var lastSent = current is null ? long.MinValue : KpiStreamEvent.IdOf(current);
                KpiReading? Fresh(KpiStreamEvent e)
                {
                    if (e.Id <= lastSent)
                    {
                        return null;
                    }

                    lastSent = e.Id;
                    return new KpiReading(e.Value, e.PublishedAt);
                }

                return new RelayObservable<KpiStreamEvent, KpiReading>(
                    listener.Events, Fresh, current is null ? [] : [new KpiReading(current, null)], listener.CloseAsync);
            });

        Field<CockpitUpdateGraphType, CockpitUpdated>("cockpitUpdated")
            .Description("Each change of the cockpit. Its owner and admins only; anyone else gets NOT_FOUND, as if it did not exist.")
            .Argument<NonNullGraphType<IdGraphType>>("cockpitId")
            .ResolveStreamAsync(async c =>
            {
                var id = QueryGraphType.ValidId(c, "cockpitId");
                c.RequireTicketScope(StreamScope.Cockpit, id);
                if (await access.ReadCockpitAsync(c.Caller(), id) is null)
                {
                    throw GraphQLErrors.NotFound($"No cockpit '{id}'.");
                }

                var listener = await cockpits.ListenAsync(id);
                return new RelayObservable<CockpitUpdated, CockpitUpdated>(listener.Events, e => e, [], () => listener.DisposeAsync().AsTask());
            });

        Field<AlertGraphType, AlertEvent>("alerts")
            .Description("Alerts for admins (stage changes, halted campaigns, rollbacks). Admins only; anyone else gets FORBIDDEN.")
            .ResolveStreamAsync(c =>
            {
                c.RequireTicketScope(StreamScope.Alerts, null);
                if (!AccessPolicy.MayAdminister(c.Caller()))
                {
                    throw GraphQLErrors.Forbidden("Only admins receive alerts.");
                }

                var listener = alerts.Listen();
                return Task.FromResult<IObservable<AlertEvent?>>(
                    new RelayObservable<AlertEvent, AlertEvent>(listener.Events, e => e, [], () => listener.DisposeAsync().AsTask()));
            });
    }
}
