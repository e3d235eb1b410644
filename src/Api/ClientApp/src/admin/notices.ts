// Messages of the console: failures of an action ([role=alert]) and short confirmations, in one live region.
import { ApiError } from "../shared/api";
import { SignedOut } from "../shared/auth";
import { h } from "../shared/dom";

export class ConsoleNotices {
  private readonly region = h("div", { className: "notices", "data-role": "notices", "aria-live": "polite" });

  constructor() {
    document.body.append(this.region);
  }

  problem(message: string): void {
    const box = h("div", { className: "alert", role: "alert" },
      h("p", { text: message }),
      h("button", { type: "button", className: "quiet", text: "Dismiss", onclick: () => box.remove() }));
    this.region.append(box);
  }

  /** Shows why an action failed, unless the page is leaving for /login anyway. */
  failed(action: string, error: unknown): void {
    if (error instanceof SignedOut) return;
    const detail = error instanceof ApiError && error.errors
      ? Object.entries(error.errors).map(([field, messages]) => `${field}: ${messages.join(" ")}`).join("; ")
      : (error as Error).message;
    this.problem(`${action} failed: ${detail}`);
  }

  done(message: string): void {
    const note = h("p", { className: "saved", "data-role": "saved", text: message });
    this.region.append(note);
    window.setTimeout(() => note.remove(), 4000);
  }
}
