// line_chart: the KPI's recent buckets (config.buckets, 24 by default) drawn with uPlot; a pushed value moves the
// open bucket's point or appends the next one. data-points says how many points are drawn.
import uPlot from "uplot";
import { h } from "../../shared/dom";
import { decimalsOf, formatNumber } from "../format";
import { KpiValue, LiveKpiData } from "../model";
import { LiveWidget, WidgetHost, fieldOf } from "./live";

export class LineChart extends LiveWidget {
  private readonly times: number[] = [];
  private readonly values: number[] = [];
  private readonly counts: number[] = [];
  private readonly capacity: number;
  private readonly decimals: number;
  private readonly canvas: HTMLElement;
  private chart: uPlot | null = null;
  private frame = 0;

  constructor(element: HTMLElement, host: WidgetHost) {
    super(element, host);
    const buckets = this.config["buckets"];
    this.capacity = typeof buckets === "number" && Number.isInteger(buckets) && buckets >= 2 && buckets <= 500 ? buckets : 24;
    this.decimals = decimalsOf(this.config);
    this.canvas = h("div", { className: "chart", role: "img", "aria-label": "Chart" });
    this.body.append(this.canvas);
    this.element.dataset["points"] = "0";
    new ResizeObserver(() => this.resize()).observe(this.body);
  }

  protected seed(data: LiveKpiData): void {
    this.reset();
    for (const bucket of data.series) this.put(Date.parse(bucket.bucketStart) / 1000, fieldOf(bucket, this.field), bucket.count);
    if (data.current) this.put(Date.parse(data.current.bucketStart) / 1000, fieldOf(data.current, this.field), data.current.count);
    this.draw();
  }

  protected apply(value: KpiValue): void {
    this.put(Date.parse(value.bucketStart) / 1000, fieldOf(value, this.field), value.count);
    this.draw();
  }

  protected reset(): void {
    this.times.length = 0;
    this.values.length = 0;
    this.counts.length = 0;
    this.draw();
  }

  /** Keeps buckets in time order: the same bucket again replaces its point unless it holds fewer points (older news). */
  private put(time: number, value: number, count: number): void {
    if (!Number.isFinite(time) || !Number.isFinite(value)) return;
    let at = this.times.length;
    while (at > 0 && this.times[at - 1]! > time) at--;
    if (at > 0 && this.times[at - 1] === time) {
      if (count >= this.counts[at - 1]!) {
        this.values[at - 1] = value;
        this.counts[at - 1] = count;
      }
      return;
    }
    this.times.splice(at, 0, time);
    this.values.splice(at, 0, value);
    this.counts.splice(at, 0, count);
    const extra = this.times.length - this.capacity;
    if (extra > 0) {
      this.times.splice(0, extra);
      this.values.splice(0, extra);
      this.counts.splice(0, extra);
    }
  }

  // Several values in one frame draw once.
  private draw(): void {
    this.element.dataset["points"] = String(this.times.length);
    const last = this.values[this.values.length - 1];
    this.canvas.setAttribute("aria-label", `${this.codes[0]} per ${this.period}: ${this.times.length} points, latest ${formatNumber(last, this.decimals)}`);
    if (this.frame === 0) this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paint();
    });
  }

  private paint(): void {
    const data: uPlot.AlignedData = [this.times.slice(), this.values.slice()];
    if (this.chart) {
      this.chart.setData(data);
      return;
    }
    const { width, height } = this.size();
    if (width === 0) return; // not laid out yet; the resize observer paints later
    const style = getComputedStyle(this.element);
    const accent = style.getPropertyValue("--df-accent").trim() || "#2563eb";
    // Axis labels and grid lines in the theme's colours: uPlot's defaults are black, unreadable on a dark theme.
    const muted = style.getPropertyValue("--df-muted").trim() || "#5b6675";
    const grid = { stroke: style.getPropertyValue("--df-border").trim() || "#dde3ea", width: 1 };
    const axis = { size: 28, font: "11px system-ui", stroke: muted, grid, ticks: grid };
    this.chart = new uPlot({
      width,
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [axis, { ...axis, size: 44, values: (_u, splits) => splits.map((v) => formatNumber(v, this.decimals)) }],
      series: [{}, { label: this.codes[0] ?? "", stroke: accent, width: 2, points: { show: false }, fill: accent + "22" }],
    }, data, this.canvas);
  }

  private size(): { width: number; height: number } {
    const width = Math.floor(this.body.clientWidth);
    const height = Math.max(100, Math.floor(this.body.clientHeight) || 0);
    return { width, height: Math.min(height, 480) };
  }

  private resize(): void {
    const { width, height } = this.size();
    if (width === 0) return;
    if (this.chart) this.chart.setSize({ width, height });
    else this.paint();
  }
}
