// The operator's cockpit page. The server renders the cockpit (sanitized, cached, with an ETag); this script
// brings it to life: first values in one request, live values over the hub, the factory-update toast and
// reload, alerts, the connection state, reconnects, and customize mode (loaded on demand).
import "./cockpit.css";
import { ApiError, get } from "../shared/api";
import { captureCredentials, SignedOut } from "../shared/auth";
import { $$, h } from "../shared/dom";
import { ConnectionState, liveConnection } from "../shared/hub";
import type { PageContext } from "./customize";
import { KpiFeed } from "./feed";
import { AlertMessage, CockpitDocument, CockpitLiveData, CockpitUpdated, Period, WidgetData } from "./model";
import { Notices } from "./notices";
import { LineChart } from "./widgets/lineChart";
import { LiveWidget, WidgetHost } from "./widgets/live";
import { ScriptWidget } from "./widgets/scriptWidget";
import { StatCard } from "./widgets/statCard";
import { TableWidget } from "./widgets/table";

// User Timing marks (df:*) let the page benchmark and DevTools say where the first second goes.
performance.mark("df:script-start");
captureCredentials();

const body = document.body;
const cockpitId = body.dataset["cockpitId"] ?? "";
const renderedVersion = body.dataset["cockpitVersion"] ?? "";
const base = `/api/cockpits/${encodeURIComponent(cockpitId)}`;

const notices = new Notices(() => location.reload());
const live = liveConnection("/hubs/cockpit", { state: showState, reconnected: () => void join(true) });
const feed = new KpiFeed(live.connection, (message) => notices.problem(message));

/** Shared with customize mode, which records its own save so that change does not offer a reload. */
const page: PageContext = { ownUpdatedAt: null, cockpitId, base, notices };

const host: WidgetHost = {
  cockpitId,
  feed,
  staleAfterMs: 5 * 60_000,
  widgetData: async (widgetId: string, period: Period) =>
    (await get<WidgetData>(`${base}/widgets/${encodeURIComponent(widgetId)}/data?period=${period}`)).body,
  report: (message) => notices.problem(message),
};

const widgets: LiveWidget[] = [];
for (const element of $$("[data-widget-id][data-kpi], [data-widget-id][data-kpis]")) {
  const widget = create(element);
  if (widget) widgets.push(widget);
}

buildToolbar();
live.connection.on("cockpitUpdated", onUpdated);
live.connection.on("alert", onAlert);
for (const widget of widgets) widget.start();
window.setInterval(() => widgets.forEach((w) => w.checkStale(Date.now())), 15_000);

performance.mark("df:widgets-built");
void loadFirstValues();
void live.start().then(() => join(false));

function create(element: HTMLElement): LiveWidget | null {
  if (element.dataset["script"] !== undefined) return new ScriptWidget(element, host);
  switch (element.dataset["widgetType"]) {
    case "stat_card": return new StatCard(element, host);
    case "line_chart": return new LineChart(element, host);
    case "table": return new TableWidget(element, host);
    default: return null;
  }
}

/** One request for every widget's first values, sent at once, in parallel with the hub connection. */
async function loadFirstValues(): Promise<void> {
  if (widgets.length === 0) return;
  try {
    const { body: data } = await get<CockpitLiveData>(`${base}/widgets/data`);
    performance.mark("df:first-values-received");
    host.staleAfterMs = Math.max(1, data.staleAfterSeconds) * 1000;
    for (const widget of widgets) {
      const bound = data.widgets[widget.id];
      if (!bound || bound.period !== widget.period) {
        void widget.load(); // the operator chose another period on this device
        continue;
      }
      for (const key of bound.kpis) {
        const kpi = data.kpis[key];
        if (kpi) widget.accept(kpi);
      }
    }
    performance.mark("df:first-values-shown");
    body.dataset["firstValues"] = String(Math.round(performance.now()));
  } catch (error) {
    if (error instanceof SignedOut) return;
    notices.problem(`The first values could not be loaded: ${(error as Error).message}`);
  }
}

/**
 * Watches this cockpit and (again) every KPI, then checks whether the cockpit changed before the watch began: after a
 * reconnect (an update missed while down), and on the first join too (a change between rendering the page and
 * joining, which no cockpitUpdated will ever announce to this page).
 */
async function join(afterDrop: boolean): Promise<void> {
  try {
    await live.connection.invoke("JoinCockpit", cockpitId);
  } catch (error) {
    notices.problem(`Updates of this cockpit are not available: ${(error as Error).message.replace(/^.*HubException: /, "")}`);
  }
  await feed.subscribeAll();
  await checkVersion(afterDrop);
}

async function checkVersion(afterDrop: boolean): Promise<void> {
  try {
    const { body: doc } = await get<CockpitDocument & { installedFeatures?: Record<string, unknown> }>(base);
    if (doc.version === renderedVersion) return;
    const installed = new Set(Object.keys(doc.installedFeatures ?? {}));
    const shown = new Set($$("[data-widget-id][data-feature-id]").map((w) => w.dataset["featureId"] ?? ""));
    notices.update({
      cockpitId,
      version: doc.version,
      newFeatures: [...installed].filter((f) => !shown.has(f)),
      removedFeatures: [...shown].filter((f) => !installed.has(f)),
      updatedAt: doc.updatedAt,
      reason: afterDrop ? "missed while disconnected" : "changed while the page was opening",
    }, afterDrop);
  } catch (error) {
    if (!(error instanceof SignedOut) && !(error instanceof ApiError && error.status === 404)) {
      notices.problem(`Could not check for updates: ${(error as Error).message}`);
    }
  }
}

function onUpdated(update: CockpitUpdated): void {
  if (update.cockpitId !== cockpitId) return;
  const factory = update.newFeatures.length > 0 || update.removedFeatures.length > 0 || update.version !== renderedVersion;
  if (!factory && update.updatedAt === page.ownUpdatedAt) return; // this page's own save
  if (factory) notices.update(update);
  else notices.changedElsewhere();
}

function onAlert(alert: AlertMessage): void {
  // Admins get every admin alert on their connection; a cockpit shows what concerns it.
  const here = alert.cockpitId === cockpitId
    || (alert.cockpitId === undefined && alert.featureId !== undefined
        && document.querySelector(`[data-feature-id="${CSS.escape(alert.featureId)}"]`) !== null);
  if (here) notices.alert(alert);
}

function showState(state: ConnectionState): void {
  body.dataset["connection"] = state;
  const pill = document.querySelector<HTMLElement>("[data-role=connection]");
  if (pill) {
    pill.dataset["state"] = state;
    pill.textContent = { connecting: "Connecting…", connected: "Live", reconnecting: "Reconnecting…", disconnected: "Offline" }[state];
  }
}

function buildToolbar(): void {
  const toolbar = document.querySelector<HTMLElement>("[data-role=toolbar]")
    ?? document.querySelector("header")?.appendChild(h("div", { className: "cockpit-toolbar", "data-role": "toolbar" }));
  if (!toolbar) return;
  const customize = h("button", { type: "button", "data-role": "customize", text: "Customize" });
  customize.addEventListener("click", async () => {
    customize.disabled = true;
    try {
      const { enterCustomize } = await import("./customize");
      await enterCustomize(page, () => { customize.disabled = false; });
    } catch (error) {
      customize.disabled = false;
      if (!(error instanceof SignedOut)) notices.problem(`Customize mode could not start: ${(error as Error).message}`);
    }
  });
  toolbar.append(h("span", { className: "connection", "data-role": "connection", "aria-live": "polite" }), customize);
  showState((body.dataset["connection"] as ConnectionState | undefined) ?? "connecting");
}
