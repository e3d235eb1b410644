// The rollback dialog: names how many cockpits will change and the mode, needs a reason, then follows the
// rollback to completion ([role=progressbar][data-rollback-id]) and lists the cockpits that failed.
import { api, get } from "../shared/api";
import { h } from "../shared/dom";
import { count, seconds } from "./format";
import { Feature, Rollback } from "./model";
import { ConsoleNotices } from "./notices";

const Modes = {
  revert: "Revert: take the widget out by reverse merge and keep what operators changed since",
  snapshot: "Snapshot: restore each cockpit's snapshot from before the install",
} as const;

export class RollbackDialog {
  private readonly dialog = h("dialog", { className: "rollback-dialog", "data-role": "rollback-dialog", "aria-labelledby": "rollback-title" });

  constructor(private readonly notices: ConsoleNotices) {
    document.body.append(this.dialog);
  }

  open(feature: Feature, done: () => void): void {
    const affected = feature.installations.total;
    const mode = h("select", { "data-role": "rollback-mode", id: "rollback-mode" },
      ...Object.entries(Modes).map(([value, text]) => h("option", { value, text })));
    const reason = h("textarea", { "data-role": "rollback-reason", id: "rollback-reason", rows: 3, required: true, maxlength: 1000, placeholder: "Why it must go (operators are told)" });
    const confirm = h("button", { type: "button", className: "danger", "data-role": "rollback-confirm", disabled: true, text: `Roll back ${count(affected)} cockpits` });
    const cancel = h("button", { type: "button", className: "quiet", "data-role": "rollback-cancel", text: "Cancel" });
    reason.addEventListener("input", () => { confirm.disabled = reason.value.trim().length === 0; });
    cancel.addEventListener("click", () => this.dialog.close());
    confirm.addEventListener("click", () => void this.start(feature, mode.value as keyof typeof Modes, reason.value.trim(), done));
    this.dialog.replaceChildren(
      h("h2", { id: "rollback-title", text: `Roll back ${feature.name} (${feature.id})` }),
      h("p", { "data-role": "rollback-summary" },
        h("strong", { "data-role": "rollback-count", "data-value": affected, text: `${count(affected)} cockpits will change` }),
        `: ${feature.id} is deprecated and removed from every cockpit that has it. `),
      h("label", { for: "rollback-mode", text: "Mode" }), mode,
      h("label", { for: "rollback-reason", text: "Reason (required)" }), reason,
      h("div", { className: "actions" }, cancel, confirm));
    this.dialog.showModal();
    reason.focus();
  }

  private async start(feature: Feature, mode: keyof typeof Modes, reason: string, done: () => void): Promise<void> {
    let id: string;
    try {
      ({ body: { rollbackId: id } } = await api<{ rollbackId: string }>("POST", `/api/features/${encodeURIComponent(feature.id)}/rollback`, { body: { reason, mode } }));
    } catch (error) {
      this.notices.failed(`The rollback of ${feature.id}`, error);
      return;
    }

    const fill = h("div", { className: "fill" });
    const bar = h("div", { role: "progressbar", className: "progress", "data-rollback-id": id, "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": 0, "aria-label": `Progress of rollback ${id}` }, fill);
    const status = h("p", { "data-role": "rollback-status", "aria-live": "polite", text: "Starting…" });
    const failures = h("ul", { "data-role": "rollback-failures" });
    const close = h("button", { type: "button", "data-role": "rollback-close", text: "Close" });
    close.addEventListener("click", () => this.dialog.close());
    this.dialog.replaceChildren(h("h2", { text: `Rolling back ${feature.id} (${mode})` }), bar, status, failures, h("div", { className: "actions" }, close));
    done();

    for (;;) {
      let r: Rollback;
      try {
        r = (await get<Rollback>(`/api/rollbacks/${encodeURIComponent(id)}`)).body;
      } catch (error) {
        this.notices.failed(`Reading rollback ${id}`, error);
        return;
      }
      const settled = r.restored + r.skipped + r.failed;
      const progress = r.state === "completed" ? 100 : r.total === 0 ? 0 : Math.floor((100 * settled) / r.total);
      bar.setAttribute("aria-valuenow", String(progress));
      fill.style.width = `${progress}%`;
      this.dialog.dataset["state"] = r.state;
      status.textContent = `${r.state === "completed" ? "Completed" : "Running"}: ${count(r.restored)} restored, ${count(r.skipped)} skipped, ${count(r.failed)} failed of ${count(r.total)} · ${seconds(r.durationMs)}`;
      failures.replaceChildren(...Object.entries(r.failures).map(([cockpit, why]) => h("li", { text: `${cockpit}: ${why}` })));
      if (r.state === "completed") {
        done();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
