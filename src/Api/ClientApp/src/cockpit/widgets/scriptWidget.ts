// A widget with a script: the server put its HTML and script into a sandboxed frame of their own (an opaque
// origin: no access to this page, its storage or its cookies). This side only posts the frame its KPI values, and
// listens to nothing from it but "ready" (then it sends the latest value again), checking the sender each time.
import { KpiValue, LiveKpiData } from "../model";
import { LiveWidget, WidgetHost, isNewer } from "./live";

export class ScriptWidget extends LiveWidget {
  private readonly frame: HTMLIFrameElement | null;
  private latest: KpiValue | null = null;

  constructor(element: HTMLElement, host: WidgetHost) {
    super(element, host, true);
    this.frame = element.querySelector<HTMLIFrameElement>("iframe[data-role=frame]");
    window.addEventListener("message", (event) => {
      // Only the frame's own window; its origin is opaque, which a browser reports as "null".
      if (!this.frame || event.source !== this.frame.contentWindow || event.origin !== "null") return;
      if ((event.data as { type?: unknown } | null)?.type === "df:ready" && this.latest) this.post(this.latest);
    });
  }

  protected seed(data: LiveKpiData): void {
    if (data.current) this.apply(data.current);
  }

  protected apply(value: KpiValue): void {
    if (!isNewer(value, this.latest)) return;
    this.latest = value;
    this.post(value);
  }

  protected reset(): void {
    this.latest = null;
  }

  // An opaque origin cannot be named as a target, so "*": the values are the widget's own KPI, nothing secret.
  private post(value: KpiValue): void {
    this.frame?.contentWindow?.postMessage({ type: "df:kpiValue", value }, "*");
  }
}
