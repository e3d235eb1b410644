// /admin/ops, seed 003's pre-flight checklist: every flag with its health and reasons ([data-flag-id][data-health]),
// owner, cohorts, dependencies, rollout; the dependency graph; silos, migrations, stale KPIs, snapshot retention.
// Refreshes itself every few seconds. The graph library loads only here, and only once there is a board to draw.
import "./admin.css";
import { get } from "../shared/api";
import { SignedOut } from "../shared/auth";
import { $, h } from "../shared/dom";
import { count, timeSpan, when } from "./format";
import { OpsBoard, OpsFlag } from "./model";
import { ConsoleNotices } from "./notices";
import { signedIn } from "./session";

const RefreshMs = 5000;
const notices = new ConsoleNotices();
let drawGraph: ((container: HTMLElement, flags: OpsFlag[]) => void) | null = null;

void start().catch((error) => {
  if (!(error instanceof SignedOut)) notices.problem(`The ops board could not start: ${(error as Error).message}`);
});

async function start(): Promise<void> {
  if (!(await signedIn({ adminOnly: true }))) return;
  await refresh();
  window.setInterval(() => void refresh(), RefreshMs);
}

async function refresh(): Promise<void> {
  let board: OpsBoard;
  try {
    board = (await get<OpsBoard>("/api/ops/board")).body;
  } catch (error) {
    if (!(error instanceof SignedOut)) $("[data-role=updated]")!.textContent = `Could not refresh: ${(error as Error).message}`;
    return;
  }

  const counts = { healthy: 0, warning: 0, blocked: 0 };
  for (const flag of board.flags) counts[flag.health]++;
  $("[data-role=updated]")!.textContent =
    `${board.flags.length} flags: ${counts.healthy} healthy, ${counts.warning} warning, ${counts.blocked} blocked · updated ${when(board.generatedAt)} · refreshes every ${RefreshMs / 1000} s`;
  $("[data-role=flags]")!.replaceChildren(flagsTable(board.flags));
  $("[data-role=silos]")!.replaceChildren(table(["Silo", "Host", "Status", "Started"], board.silos.map((s) => ({
    attrs: { "data-silo": s.address, "data-status": s.status },
    cells: [`${s.name} (${s.address})`, s.host, s.status, when(s.startedAt)],
  }))));
  $("[data-role=migrations]")!.replaceChildren(board.migrations.length === 0
    ? h("p", { "data-role": "no-migrations", text: board.storage === "memory" ? "Embedded mode: in-memory storage, no schema and so no migrations." : "No migrations recorded." })
    : table(["Migration", "Applied"], board.migrations.map((m) => ({ attrs: { "data-migration": m.id }, cells: [m.id, when(m.appliedAt)] }))));
  $("[data-role=kpis]")!.replaceChildren(board.kpis.length === 0
    ? h("p", { className: "muted", text: "No KPI has data yet." })
    : table(["KPI", "State", "Last point"], [...board.kpis].sort((a, b) => Number(b.stale) - Number(a.stale)).map((k) => ({
        attrs: { "data-kpi": k.code, "data-stale": k.stale },
        cells: [k.code, k.stale ? "stale" : "fresh", when(k.lastPointAt)],
      }))));
  const s = board.snapshots;
  $("[data-role=snapshots]")!.replaceChildren(h("p", { "data-role": "retention" },
    `Kept for ${timeSpan(s.retention)}, trimmed every ${timeSpan(s.trimPeriod)}. Last trim: ${s.lastTrimmedAt ? when(s.lastTrimmedAt) : "not yet"}`,
    s.lastRemoved === null ? "" : ` (${count(s.lastRemoved)} removed).`));

  const graph = $("[data-role=dependency-graph]")!;
  try {
    drawGraph ??= (await import("./graph")).drawGraph;
    drawGraph(graph, board.flags);
  } catch (error) {
    graph.textContent = `The graph could not be drawn: ${(error as Error).message}`;
  }
  document.body.dataset["refreshedAt"] = board.generatedAt;
}

function flagsTable(flags: OpsFlag[]): HTMLElement {
  if (flags.length === 0) return h("p", { className: "muted", text: "No features yet." });
  const list = (items: string[]) => (items.length === 0 ? "—" : items.join(", "));
  return h("table", { className: "flags" },
    h("thead", {}, h("tr", {}, ...["Flag", "Health", "Why", "Owner", "Cohorts", "Depends on", "Needed by", "Version", "Installed", "Rollout"].map((c) => h("th", { text: c })))),
    h("tbody", {}, ...flags.map((f) => h("tr", { "data-flag-id": f.id, "data-health": f.health, "data-stage": f.stage },
      h("td", {}, h("strong", { text: f.name }), h("br"), h("code", { text: f.id }), h("span", { className: "muted", text: ` ${f.stage}` })),
      h("td", {}, h("span", { className: `health health-${f.health}`, "data-role": "health", text: f.health })),
      h("td", {}, f.reasons.length === 0 ? "—" : h("ul", { className: "reasons", "data-role": "reasons" }, ...f.reasons.map((r) => h("li", { text: r })))),
      h("td", { text: f.owner ?? "nobody" }),
      h("td", { text: f.cohorts.length === 0 ? "all" : f.cohorts.join(", ") }),
      h("td", { text: list(f.dependencies) }),
      h("td", { text: list(f.dependents) }),
      h("td", { text: `${f.latestVersion ?? "—"}${f.pendingApproval ? ` (${f.pendingApproval} waits for approval)` : ""}` }),
      h("td", { text: count(f.installations) }),
      h("td", { text: f.campaign ? `${f.campaign.state} ${count(f.campaign.applied)}/${count(f.campaign.total)}` : "—" })))));
}

function table(headers: string[], rows: { attrs: Record<string, string | boolean>; cells: string[] }[]): HTMLElement {
  return h("table", {},
    h("thead", {}, h("tr", {}, ...headers.map((c) => h("th", { text: c })))),
    h("tbody", {}, ...rows.map((r) => h("tr", Object.fromEntries(Object.entries(r.attrs).map(([k, v]) => [k, String(v)])), ...r.cells.map((c) => h("td", { text: c }))))));
}
