// Running and recent campaigns with live progress bars ([role=progressbar][data-campaign-id], aria-valuenow 0-100):
// counters, wave, rate and ETA, refreshed every second while a campaign is not finished; pause, resume, cancel
// for admins; a halted campaign shows why and which cockpits failed.
import { api, get } from "../shared/api";
import { h } from "../shared/dom";
import { children, count, seconds } from "./format";
import { Campaign, CampaignSummary } from "./model";
import { ConsoleNotices } from "./notices";

const Final = new Set(["completed", "cancelled"]);
const RecentFinished = 8;

/** How far a campaign got, 0-100: cockpits settled (applied, skipped, failed) of its targets; a finished one is 100. */
export function progressOf(c: Pick<Campaign, "applied" | "skipped" | "failed" | "total" | "state">): number {
  if (c.state === "completed") return 100;
  if (c.total === 0) return 0;
  return Math.min(100, Math.floor((100 * (c.applied + c.skipped + c.failed)) / c.total));
}

export class CampaignBoard {
  private readonly rows = new Map<string, CampaignRow>();
  private listing = false;

  constructor(private readonly container: HTMLElement, private readonly canAct: boolean, private readonly notices: ConsoleNotices) {}

  /** Re-reads the list of campaigns: every unfinished one and the most recent finished ones. */
  async refreshList(): Promise<void> {
    if (this.listing) return;
    this.listing = true;
    try {
      const { body: all } = await get<CampaignSummary[]>("/api/campaigns");
      const newest = [...all].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
      const shown = [...newest.filter((c) => !Final.has(c.state)), ...newest.filter((c) => Final.has(c.state)).slice(0, RecentFinished)];
      const ids = new Set(shown.map((c) => c.id));
      for (const [id, row] of this.rows) {
        if (!ids.has(id)) {
          row.element.remove();
          this.rows.delete(id);
        }
      }
      await Promise.all(shown.map((c) => this.watch(c.id)));
      for (const c of shown) this.container.append(this.rows.get(c.id)!.element);
      if (shown.length === 0) this.container.replaceChildren(h("p", { className: "muted", "data-role": "no-campaigns", text: "No campaigns yet." }));
      else this.container.querySelector("[data-role=no-campaigns]")?.remove();
    } finally {
      this.listing = false;
    }
  }

  /** Shows (or refreshes) one campaign, e.g. the one an approval just started. */
  async watch(id: string): Promise<void> {
    let row = this.rows.get(id);
    if (!row) {
      row = new CampaignRow(id, this.canAct, this.notices, () => this.watch(id));
      this.rows.set(id, row);
      this.container.querySelector("[data-role=no-campaigns]")?.remove();
      this.container.prepend(row.element);
    }
    await row.refresh();
  }

  /** One poll of every unfinished campaign; the page calls it every second. */
  async tick(): Promise<void> {
    await Promise.all([...this.rows.values()].filter((r) => !r.finished).map((r) => r.refresh()));
  }
}

class CampaignRow {
  readonly element: HTMLElement;
  finished = false;
  private readonly title = h("strong");
  private readonly state = h("span", { className: "state", "data-role": "campaign-state" });
  private readonly bar: HTMLElement;
  private readonly fill = h("div", { className: "fill" });
  private readonly counts = h("p", { className: "counts", "data-role": "campaign-counts" });
  private readonly actions = h("div", { className: "actions" });
  private readonly halt = h("div", { className: "halt", role: "alert", "data-role": "halt", hidden: true });
  private busy = false;
  private polls = 0;

  constructor(private readonly id: string, canAct: boolean, private readonly notices: ConsoleNotices, private readonly changed: () => Promise<void>) {
    this.bar = h("div", {
      role: "progressbar", className: "progress", "data-campaign-id": id,
      "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": 0, "aria-label": `Progress of campaign ${id}`,
    }, this.fill);
    if (canAct) {
      for (const action of ["pause", "resume", "cancel"] as const) {
        const button = h("button", { type: "button", className: action === "cancel" ? "quiet" : "", "data-role": action, "data-campaign-id": id, text: action[0]!.toUpperCase() + action.slice(1) });
        button.addEventListener("click", () => void this.act(action));
        this.actions.append(button);
      }
    }
    this.element = h("article", { className: "campaign", "data-campaign-row": id },
      h("header", {}, this.title, " ", this.state), this.bar, this.counts, this.actions, this.halt);
  }

  async refresh(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      this.show((await get<Campaign>(`/api/campaigns/${encodeURIComponent(this.id)}`)).body);
    } catch (error) {
      this.notices.failed(`Reading campaign ${this.id}`, error);
      this.finished = true; // do not repeat a failing poll every second; the list refresh brings it back
    } finally {
      this.busy = false;
    }
  }

  private show(c: Campaign): void {
    const progress = progressOf(c);
    const settled = c.applied + c.skipped + c.failed;
    const rate = c.durationMs > 0 ? settled / (c.durationMs / 1000) : 0;
    const eta = c.state === "running" && rate > 0 ? seconds(((c.total - settled) / rate) * 1000) : "—";
    this.finished = Final.has(c.state);
    this.element.dataset["state"] = c.state;
    this.element.dataset["polls"] = String(++this.polls); // tests wait for fresh reads with it, not for time
    this.title.textContent = `${c.featureId} ${c.version}${c.foundational ? " (foundational)" : ""}`;
    this.state.textContent = c.state;
    this.bar.setAttribute("aria-valuenow", String(progress));
    this.bar.setAttribute("aria-valuetext", `${progress}% (${count(settled)} of ${count(c.total)} cockpits)`);
    this.fill.style.width = `${progress}%`;
    this.counts.replaceChildren(
      stat("applied", c.applied), " · ", stat("skipped", c.skipped), " · ", stat("failed", c.failed), " · ", stat("conflicts", c.conflicts),
      ` of ${count(c.total)} · wave ${c.wave} · ${count(Math.round(rate))} cockpits/s · ETA ${eta} · ${seconds(c.durationMs)}`);
    for (const button of this.actions.querySelectorAll<HTMLButtonElement>("button")) {
      const action = button.dataset["role"];
      button.hidden = action === "pause" ? c.state !== "running"
        : action === "resume" ? !(c.state === "paused" || c.state === "halted")
        : this.finished;
    }
    const failures = Object.entries(c.failures);
    this.halt.hidden = c.state !== "halted" && failures.length === 0;
    this.halt.replaceChildren(...children(
      c.haltReason ? h("p", { text: `Halted: ${c.haltReason}` }) : null,
      failures.length > 0 ? h("ul", { "data-role": "failures" }, ...failures.map(([cockpit, reason]) => h("li", { text: `${cockpit}: ${reason}` }))) : null));
  }

  private async act(action: "pause" | "resume" | "cancel"): Promise<void> {
    try {
      const { body } = await api<Campaign>("POST", `/api/campaigns/${encodeURIComponent(this.id)}/${action}`);
      this.show(body);
      await this.changed();
    } catch (error) {
      this.notices.failed(`${action[0]!.toUpperCase()}${action.slice(1)} of ${this.id}`, error);
    }
  }
}

function stat(name: string, value: number): HTMLElement {
  return h("span", { "data-role": name, "data-value": value, text: `${name} ${count(value)}` });
}
