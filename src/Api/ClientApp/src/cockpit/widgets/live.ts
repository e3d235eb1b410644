// What every live widget shares: its binding (KPIs, period) read from the server-rendered attributes, the period
// selector, the subscriptions, the order of values (an older value never overwrites a newer one), the stale marker.
import { h } from "../../shared/dom";
import { KpiFeed } from "../feed";
import { Field, KpiBucket, KpiValue, LiveKpiData, Period, Periods, WidgetData, isField, isPeriod, streamKey } from "../model";

export interface WidgetHost {
  readonly cockpitId: string;
  readonly feed: KpiFeed;
  staleAfterMs: number;
  widgetData(widgetId: string, period: Period): Promise<WidgetData>;
  report(message: string): void;
}

/** True when a is a later state of a KPI than b: a later bucket, or the same bucket with at least as many points. */
export function isNewer(a: KpiValue, b: KpiValue | null | undefined): boolean {
  if (!b) return true;
  const ta = Date.parse(a.bucketStart);
  const tb = Date.parse(b.bucketStart);
  return ta > tb || (ta === tb && a.count >= b.count);
}

export function fieldOf(bucket: KpiBucket | KpiValue, field: Field): number {
  if (field === "last") return "last" in bucket ? bucket.last : bucket.avg;
  return bucket[field];
}

export abstract class LiveWidget {
  readonly id: string;
  readonly codes: string[];
  readonly config: Record<string, unknown>;
  readonly field: Field;
  period: Period;
  protected readonly body: HTMLElement;
  private readonly select: HTMLSelectElement;
  private readonly staleBadge: HTMLElement;
  private unwatch: (() => void)[] = [];
  private readonly seen = new Map<string, number>();

  /** @param keepBody true for a widget whose body the server rendered and keeps (a script widget's frame). */
  constructor(readonly element: HTMLElement, protected readonly host: WidgetHost, keepBody = false) {
    this.id = element.dataset["widgetId"] ?? "";
    this.config = parseConfig(element.dataset["config"]);
    this.codes = (element.dataset["kpi"] ?? element.dataset["kpis"] ?? "").split(" ").filter((c) => c.length > 0);
    this.field = isField(this.config["field"]) ? this.config["field"] : "avg";
    const remembered = localStorage.getItem(this.storageKey);
    this.period = isPeriod(remembered) ? remembered : isPeriod(element.dataset["period"]) ? element.dataset["period"] : "hour";
    element.dataset["period"] = this.period;

    const title = element.querySelector(".widget-title")?.textContent?.trim() || this.id;
    this.select = h("select", { "data-role": "period", "aria-label": `Period of ${title}`, className: "widget-period" },
      ...Periods.map((p) => h("option", { value: p, text: p, selected: p === this.period })));
    this.select.addEventListener("change", () => void this.changePeriod(this.select.value as Period));
    this.staleBadge = h("span", { className: "stale-badge", "data-role": "stale", hidden: true, title: "No new data for a while", text: "stale" });
    const controls = h("div", { className: "widget-controls" }, this.staleBadge, this.select);

    this.body = element.querySelector<HTMLElement>(".widget-body") ?? element.appendChild(h("div", { className: "widget-body" }));
    element.querySelector(".widget-title")?.after(controls) ?? element.prepend(controls);
    element.classList.add("widget-live");
    if (!keepBody) {
      this.body.replaceChildren();
      this.body.dataset["role"] = "live";
    }
  }

  /** (code, period) keys the widget watches now. */
  get keys(): string[] {
    return this.codes.map((c) => streamKey(c, this.period));
  }

  /** First values: from the page's one batch request, or the widget's own request after a period change. */
  protected abstract seed(data: LiveKpiData): void;

  /** A pushed or answered value of one of the widget's KPIs at its period. */
  protected abstract apply(value: KpiValue): void;

  /** Removes what the previous period showed. */
  protected abstract reset(): void;

  start(): void {
    for (const code of this.codes) {
      this.unwatch.push(this.host.feed.watch(code, this.period, (value) => this.receive(value)));
    }
  }

  private markSeen(code: string, updatedAt: number, stale: boolean): void {
    this.seen.set(code, stale ? 0 : updatedAt);
    this.checkStale(Date.now());
  }

  checkStale(now: number): void {
    const stale = this.codes.some((c) => now - (this.seen.get(c) ?? now) > this.host.staleAfterMs || this.seen.get(c) === 0);
    if (stale === this.element.hasAttribute("data-stale")) return; // no DOM write, no style recalculation
    this.staleBadge.hidden = !stale;
    this.element.toggleAttribute("data-stale", stale);
  }

  async changePeriod(period: Period): Promise<void> {
    if (period === this.period) return;
    for (const stop of this.unwatch.splice(0)) stop();
    this.period = period;
    this.element.dataset["period"] = period;
    this.select.value = period;
    localStorage.setItem(this.storageKey, period);
    this.reset();
    this.seen.clear();
    await this.load();
    if (this.period === period) this.start();
  }

  /** Loads the first values at the current period with the widget's own request (the page's batch has the configured one). */
  async load(): Promise<void> {
    const period = this.period;
    if (this.codes.length !== 1) return; // a per-KPI table gets its values from SubscribeKpi's answers
    try {
      const data = await this.host.widgetData(this.id, period);
      if (this.period === period) this.accept({ code: this.codes[0]!, period, current: data.current, series: data.series });
    } catch (error) {
      this.host.report(`Could not load ${this.id} for the ${period}: ${(error as Error).message}`);
    }
  }

  /** First values of one KPI, from the batch or the widget's own request. */
  accept(data: LiveKpiData): void {
    if (data.period !== this.period) return;
    if (data.current) this.markSeen(data.code, Date.parse(data.current.updatedAt ?? data.current.bucketStart), data.current.stale === true);
    this.seed(data);
  }

  private receive(value: KpiValue): void {
    if (value.period !== this.period) return;
    this.seen.set(value.code, Date.now());
    this.checkStale(Date.now());
    this.apply(value);
  }

  private get storageKey(): string {
    return `df.period.${this.host.cockpitId}.${this.id}`;
  }
}

function parseConfig(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
