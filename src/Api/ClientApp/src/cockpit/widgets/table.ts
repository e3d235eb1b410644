// table: the KPI's recent buckets, newest first (config.rows, 8 by default); or, with config.kpis, one row per KPI
// with its value and trend.
import { h } from "../../shared/dom";
import { decimalsOf, formatBucket, formatNumber, formatSigned } from "../format";
import { KpiBucket, KpiValue, LiveKpiData } from "../model";
import { LiveWidget, WidgetHost, fieldOf, isNewer } from "./live";

export class TableWidget extends LiveWidget {
  private readonly tbody: HTMLTableSectionElement;
  private readonly decimals: number;
  private readonly rows: number;
  private buckets: (KpiBucket | KpiValue)[] = [];
  private readonly latest = new Map<string, KpiValue>();
  private readonly before = new Map<string, number>();

  constructor(element: HTMLElement, host: WidgetHost) {
    super(element, host);
    this.decimals = decimalsOf(this.config);
    const rows = this.config["rows"];
    this.rows = typeof rows === "number" && Number.isInteger(rows) && rows >= 1 && rows <= 100 ? rows : 8;
    const headings = this.perKpi ? ["KPI", "Value", "Trend"] : ["Bucket", "Avg", "Min", "Max", "Points"];
    this.tbody = h("tbody");
    this.body.append(h("table", { className: "kpi-table" },
      h("thead", {}, h("tr", {}, ...headings.map((t) => h("th", { scope: "col", text: t })))),
      this.tbody));
  }

  private get perKpi(): boolean {
    return this.element.dataset["kpis"] !== undefined;
  }

  protected seed(data: LiveKpiData): void {
    if (this.perKpi) {
      if (!data.current) return;
      const before = data.series.filter((b) => Date.parse(b.bucketStart) < Date.parse(data.current!.bucketStart));
      const previous = before[before.length - 1];
      if (previous && !this.before.has(data.code)) this.before.set(data.code, fieldOf(previous, this.field));
      this.apply(data.current);
      return;
    }
    this.buckets = [...data.series];
    if (data.current) this.upsert(data.current);
    this.render();
  }

  protected apply(value: KpiValue): void {
    if (this.perKpi) {
      const previous = this.latest.get(value.code);
      if (!isNewer(value, previous)) return;
      if (previous && Date.parse(value.bucketStart) > Date.parse(previous.bucketStart)) this.before.set(value.code, fieldOf(previous, this.field));
      this.latest.set(value.code, value);
    } else {
      this.upsert(value);
    }
    this.render();
  }

  protected reset(): void {
    this.buckets = [];
    this.latest.clear();
    this.before.clear();
    this.render();
  }

  private upsert(value: KpiValue): void {
    const at = this.buckets.findIndex((b) => b.bucketStart === value.bucketStart || Date.parse(b.bucketStart) === Date.parse(value.bucketStart));
    if (at >= 0) {
      if (value.count >= this.buckets[at]!.count) this.buckets[at] = value;
    } else {
      this.buckets.push(value);
      this.buckets.sort((a, b) => Date.parse(a.bucketStart) - Date.parse(b.bucketStart));
    }
  }

  // Rows are kept and their cells rewritten only where the text changed: a push then costs a few text writes,
  // not a new table (which would recalculate style and layout for the whole widget).
  private render(): void {
    const d = this.decimals;
    const lines: { key: string; cells: string[] }[] = this.perKpi
      ? this.codes.map((code) => {
          const value = this.latest.get(code);
          const now = value ? fieldOf(value, this.field) : null;
          const before = this.before.get(code);
          return { key: code, cells: [code, formatNumber(now, d), now !== null && before !== undefined ? formatSigned(now - before, d) : ""] };
        })
      : this.buckets.slice(-this.rows).reverse().map((b) => ({
          key: b.bucketStart,
          cells: [formatBucket(b.bucketStart, this.period), formatNumber(b.avg, d), formatNumber(b.min, d), formatNumber(b.max, d), String(b.count)],
        }));
    if (lines.length === 0) {
      this.tbody.replaceChildren(h("tr", {}, h("td", { colspan: this.perKpi ? 3 : 5, className: "empty", text: "No data yet" })));
      return;
    }
    const rows = this.tbody.rows;
    if (rows.length !== lines.length || rows[0]?.querySelector(".empty")) {
      this.tbody.replaceChildren(...lines.map((line) => h("tr", this.perKpi ? { "data-kpi-row": line.key } : {},
        h("th", { scope: "row" }), ...line.cells.slice(1).map(() => h("td", { className: "num" })))));
    }
    lines.forEach((line, r) => {
      const cells = rows[r]!.cells;
      line.cells.forEach((text, c) => {
        if (cells[c]!.textContent !== text) cells[c]!.textContent = text;
      });
    });
  }
}
