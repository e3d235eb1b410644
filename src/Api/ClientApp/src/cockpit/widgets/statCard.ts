// stat_card: the KPI's value in its current bucket (config.field, avg by default) with config.unit and
// config.decimals, and the trend against the previous bucket.
import { h } from "../../shared/dom";
import { decimalsOf, formatNumber, formatSigned } from "../format";
import { KpiValue, LiveKpiData } from "../model";
import { LiveWidget, WidgetHost, fieldOf, isNewer } from "./live";

export class StatCard extends LiveWidget {
  private readonly value: HTMLElement;
  private readonly trend: HTMLElement;
  private readonly decimals: number;
  private current: KpiValue | null = null;
  private previous: number | null = null;

  constructor(element: HTMLElement, host: WidgetHost) {
    super(element, host);
    this.decimals = decimalsOf(this.config);
    const unit = typeof this.config["unit"] === "string" ? (this.config["unit"] as string) : "";
    this.value = h("span", { className: "stat-value", "data-role": "value", text: "–" });
    this.trend = h("span", { className: "stat-trend", "data-role": "trend" });
    this.body.append(h("div", { className: "stat" },
      h("p", { className: "stat-line" }, this.value, unit ? h("span", { className: "stat-unit", text: unit }) : null),
      this.trend));
  }

  protected seed(data: LiveKpiData): void {
    if (data.current && isNewer(data.current, this.current)) {
      const before = data.series.filter((b) => Date.parse(b.bucketStart) < Date.parse(data.current!.bucketStart));
      const previous = before[before.length - 1];
      if (previous) this.previous = fieldOf(previous, this.field);
      this.current = data.current;
      this.render();
    }
  }

  protected apply(value: KpiValue): void {
    if (!isNewer(value, this.current)) return;
    if (this.current && Date.parse(value.bucketStart) > Date.parse(this.current.bucketStart)) {
      this.previous = fieldOf(this.current, this.field);
    }
    this.current = value;
    this.render();
  }

  protected reset(): void {
    this.current = null;
    this.previous = null;
    this.value.textContent = "–";
    this.trend.textContent = "";
    delete this.trend.dataset["direction"];
  }

  private render(): void {
    if (!this.current) return;
    const now = fieldOf(this.current, this.field);
    this.value.textContent = formatNumber(now, this.decimals);
    this.value.dataset["raw"] = String(now);
    if (this.previous === null) {
      this.trend.textContent = "";
      return;
    }
    const delta = now - this.previous;
    const direction = Math.abs(delta) < Math.pow(10, -this.decimals) / 2 ? "flat" : delta > 0 ? "up" : "down";
    this.trend.dataset["direction"] = direction;
    const change = direction === "flat" ? "no change" : formatSigned(delta, this.decimals);
    this.trend.textContent = `${direction === "up" ? "▲" : direction === "down" ? "▼" : "■"} ${change} vs previous ${this.period}`;
  }
}
