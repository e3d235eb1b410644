// What the factory tells an operator: the update toast ([role=status], API.md) that reloads the page after 10 s
// unless "Later" was chosen, and alerts ([role=alert]) such as a rollback with its reason.
import { h } from "../shared/dom";
import { AlertMessage, CockpitUpdated } from "./model";

/** The API node's Pages:AutoReloadSeconds (10 unless configured; 0: never reload by itself). */
function autoReloadSeconds(): number {
  const value = Number(document.querySelector<HTMLMetaElement>("meta[name=df-reload-after]")?.content ?? "10");
  return Number.isInteger(value) && value >= 0 ? value : 10;
}

export class Notices {
  private readonly region: HTMLElement;
  private toast: HTMLElement | null = null;
  private timer = 0;
  private later = false;

  constructor(private readonly reload: () => void) {
    this.region = h("div", { className: "notices", "data-role": "notices" });
    document.body.append(this.region);
  }

  /** A factory update (a release installed or removed): name the version and features, reload soon. */
  update(update: CockpitUpdated, missed = false): void {
    const parts: string[] = [];
    if (update.newFeatures.length > 0) parts.push(`added ${update.newFeatures.join(", ")}`);
    if (update.removedFeatures.length > 0) parts.push(`removed ${update.removedFeatures.join(", ")}`);
    const what = parts.length > 0 ? `: ${parts.join("; ")}` : "";
    const text = missed
      ? `Your cockpit changed while the connection was down (now version ${update.version}${what}).`
      : `Your cockpit was updated to version ${update.version}${what}.`;
    this.show(text, !this.later);
  }

  /** The cockpit was customized in another tab or by an admin: offer the reload, never force it. */
  changedElsewhere(): void {
    this.show("This cockpit was changed elsewhere.", false);
  }

  alert(alert: AlertMessage): void {
    const box = h("div", { className: "alert", role: "alert", "data-kind": alert.kind },
      h("p", { text: alert.message }),
      h("button", { type: "button", className: "quiet", "data-role": "dismiss", text: "Dismiss", onclick: () => box.remove() }));
    this.region.append(box);
  }

  /** A short confirmation that goes away by itself. */
  saved(message: string): void {
    const note = h("p", { className: "saved", "data-role": "saved", text: message });
    this.region.append(note);
    window.setTimeout(() => note.remove(), 4000);
  }

  /** A problem of the page itself (a failed save, a lost subscription), shown like an alert. */
  problem(message: string): void {
    this.alert({ kind: "page.problem", message });
  }

  private show(text: string, countdown: boolean): void {
    this.dismiss();
    const message = h("p", { "data-role": "toast-text", text });
    const count = h("p", { className: "countdown", "data-role": "countdown" });
    const toast = h("div", { className: "toast", role: "status", "aria-live": "polite" },
      message,
      count,
      h("div", { className: "actions" },
        h("button", { type: "button", "data-role": "reload-now", text: "Reload now", onclick: () => this.reload() }),
        h("button", { type: "button", className: "quiet", "data-role": "later", text: "Later", onclick: () => this.postpone() })));
    this.toast = toast;
    this.region.prepend(toast);
    let left = autoReloadSeconds();
    if (!countdown || left === 0) return;
    const tick = () => {
      count.textContent = `Reloading in ${left} s.`;
      if (left-- <= 0) this.reload();
    };
    tick();
    this.timer = window.setInterval(tick, 1000);
  }

  private postpone(): void {
    this.later = true;
    window.clearInterval(this.timer);
    this.timer = 0;
    const count = this.toast?.querySelector<HTMLElement>("[data-role=countdown]");
    if (count) count.textContent = "Reload whenever you are ready.";
  }

  private dismiss(): void {
    window.clearInterval(this.timer);
    this.timer = 0;
    this.toast?.remove();
    this.toast = null;
  }
}
