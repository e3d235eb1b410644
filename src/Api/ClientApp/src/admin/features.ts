// The features of the console ([data-feature-id][data-stage]): the tally bar against the approved and foundational
// lines, votes, voters, releases with their preview (shown before "Approve" can be pressed), proposing a release,
// the audit history, and the rollback button.
import { api, get } from "../shared/api";
import { h } from "../shared/dom";
import { children, count, percent, when } from "./format";
import { AuditEntry, Feature, FeatureSummary, Me, Preview, Release } from "./model";
import { ConsoleNotices } from "./notices";
import { RollbackDialog } from "./rollback";

export interface FeatureContext {
  me: Me;
  notices: ConsoleNotices;
  /** A release was approved: its campaign should appear at once. */
  campaignStarted(campaignId: string): void;
  rollbacks: RollbackDialog;
}

const SkipWords: Record<string, string> = {
  policy: "their auto-update policy does not take it",
  cohort: "not in its cohorts",
  installed: "have it or a newer version",
  missing: "no longer exist",
};

export class FeatureList {
  private readonly cards = new Map<string, FeatureCard>();
  private loading = false;

  constructor(private readonly container: HTMLElement, private readonly context: FeatureContext) {}

  async refresh(): Promise<void> {
    if (this.loading) return;
    this.loading = true;
    try {
      const { body: list } = await get<FeatureSummary[]>("/api/features");
      const features = await Promise.all(list.map(async (f) => (await get<Feature>(`/api/features/${encodeURIComponent(f.id)}`)).body));
      const ids = new Set(features.map((f) => f.id));
      for (const [id, card] of this.cards) {
        if (!ids.has(id)) {
          card.element.remove();
          this.cards.delete(id);
        }
      }
      if (features.length === 0) this.container.replaceChildren(h("p", { className: "muted", text: "No features yet." }));
      else this.container.querySelector("p.muted")?.remove();
      for (const feature of features) {
        let card = this.cards.get(feature.id);
        if (!card) {
          card = new FeatureCard(this.context, () => this.refresh());
          this.cards.set(feature.id, card);
        }
        card.show(feature);
        this.container.append(card.element);
      }
    } finally {
      this.loading = false;
    }
  }
}

class FeatureCard {
  readonly element = h("article", { className: "feature" });
  private feature: Feature | null = null;
  /** Previews shown on this card, by version: they survive the card's refreshes. */
  private readonly previews = new Map<string, HTMLElement>();
  private readonly historyList = h("ol", { className: "history", "data-role": "history-entries" });
  // Kept across refreshes, so a refresh neither closes what the user opened nor clears what they typed.
  private readonly historyBlock = this.history();
  private proposeBlock: HTMLElement | null = null;
  private votersOpen = false;

  constructor(private readonly context: FeatureContext, private readonly changed: () => Promise<void>) {}

  show(feature: Feature): void {
    this.feature = feature;
    const { me } = this.context;
    const isAdmin = me.role === "admin";
    const isAuthor = me.id === feature.authorId;
    this.element.dataset["featureId"] = feature.id;
    this.element.dataset["stage"] = feature.stage;
    this.element.replaceChildren(...children(
      h("header", {},
        h("h3", { text: feature.name }), " ", h("code", { text: feature.id }), " ",
        h("span", { className: `stage stage-${feature.stage}`, "data-role": "stage", text: feature.stage }),
        h("span", { className: "muted", text: ` by ${feature.authorId} · owner ${feature.owner ?? "nobody"} · installed on ${count(feature.installations.total)} cockpits` })),
      feature.deprecationNotice ? h("p", { className: "notice", text: `Deprecated: ${feature.deprecationNotice}` }) : null,
      this.tally(feature),
      feature.stage !== "deprecated" && !isAuthor ? this.voteButtons(feature) : null,
      this.voters(feature),
      this.releases(feature, isAdmin, isAuthor),
      isAuthor || isAdmin ? (this.proposeBlock ??= this.proposeForm(feature)) : null,
      this.historyBlock,
      isAdmin && feature.installations.total > 0 ? this.rollbackButton(feature) : null));
    // An open history follows the card: a vote, approval or rollback shows up with the refresh that brought it.
    if (this.historyBlock.open) void this.loadHistory();
  }

  private tally(feature: Feature): HTMLElement {
    const { tally, thresholds } = feature;
    const fill = h("div", { className: "fill" });
    fill.style.width = `${Math.min(100, tally.approvalPercent)}%`;
    const line = (name: string, at: number) => {
      const mark = h("span", { className: `line ${name}`, title: `${name} at ${at}%` });
      mark.style.left = `${at}%`;
      return mark;
    };
    return h("div", { className: "tally-block" },
      h("div", {
        className: "tally", role: "meter", "data-role": "tally", "aria-label": `Approval of ${feature.id}`,
        "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": tally.approvalPercent,
      }, fill, line("approved", thresholds.approvedPercent), line("foundational", thresholds.foundationalPercent)),
      h("p", { className: "tally-text", "data-role": "tally-text" },
        h("span", { "data-role": "approval", text: `${percent(tally.approvalPercent)} approval` }), " · ",
        h("span", { "data-role": "votes-cast", text: `${tally.votesCast} votes` }), " · ",
        h("span", { "data-role": "xp-cast", text: `${count(tally.xpCast)} XP cast` }),
        h("span", { className: "muted", text: ` (approved at ${thresholds.approvedPercent}%, foundational at ${thresholds.foundationalPercent}%, quorum ${thresholds.quorum})` })));
  }

  private voteButtons(feature: Feature): HTMLElement {
    const mine = feature.votes.find((v) => v.voterId === this.context.me.id);
    const button = (approve: boolean) => {
      const b = h("button", { type: "button", className: approve ? "" : "quiet", "data-role": approve ? "vote-approve" : "vote-reject", text: approve ? "Approve" : "Reject" });
      b.addEventListener("click", () => void this.vote(approve, b));
      return b;
    };
    return h("div", { className: "vote", "data-role": "vote" }, button(true), button(false),
      mine ? h("span", { className: "muted", text: ` your vote: ${mine.approve ? "approve" : "reject"} (${mine.xp} XP)` }) : null);
  }

  private async vote(approve: boolean, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      await api("POST", `/api/features/${encodeURIComponent(this.feature!.id)}/votes`, { body: { approve } });
      await this.changed();
    } catch (error) {
      this.context.notices.failed("The vote", error);
    } finally {
      button.disabled = false;
    }
  }

  private voters(feature: Feature): HTMLElement {
    const details = h("details", { className: "voters", "data-role": "voters", open: this.votersOpen });
    details.addEventListener("toggle", () => { this.votersOpen = details.open; });
    details.append(
      h("summary", { text: `Voters (${feature.votes.length})` }),
      feature.votes.length === 0 ? h("p", { className: "muted", text: "No votes yet." })
        : h("ul", {}, ...feature.votes.map((v) => h("li", { "data-voter-id": v.voterId, text: `${v.voterId}: ${v.approve ? "approve" : "reject"}, ${v.xp} XP, ${when(v.at)}` }))));
    return details;
  }

  private releases(feature: Feature, isAdmin: boolean, isAuthor: boolean): HTMLElement {
    if (feature.releases.length === 0) return h("p", { className: "muted", text: "No releases yet." });
    const rows = [...feature.releases].reverse().map((release) => {
      const waits = release.changeType !== "safe" && release.approvedBy === null;
      // A release rolls out once the feature is approved or foundational and, unless SAFE, an admin approved it.
      const missing = [
        feature.stage === "approved" || feature.stage === "foundational" ? null : "the feature's approval",
        waits ? "an admin's approval" : null,
      ].filter((m) => m !== null);
      const status = feature.stage === "deprecated" ? "stopped: the feature is deprecated"
        : release.propagatable ? "rolls out"
        : missing.length > 0 ? `waits for ${missing.join(" and ")}`
        : release.approvedBy ? `approved by ${release.approvedBy}` : "does not roll out";
      const actions = h("div", { className: "actions" });
      if ((isAdmin || isAuthor) && feature.stage !== "deprecated") {
        const preview = h("button", { type: "button", className: "quiet", "data-role": "preview", "data-release": release.version, text: "Preview" });
        actions.append(preview);
        let approve: HTMLButtonElement | null = null;
        if (isAdmin && waits) {
          // Approve stays disabled until this release's preview is on screen.
          approve = h("button", { type: "button", "data-role": "approve", "data-release": release.version, disabled: !this.previews.has(release.version), text: "Approve" });
          approve.addEventListener("click", () => void this.approve(release, approve!));
          actions.append(approve);
        }
        preview.addEventListener("click", () => void this.preview(release, preview, approve));
      }
      return h("li", { className: "release", "data-release": release.version },
        h("div", {},
          h("strong", { text: release.version }), " ",
          h("span", { className: `change change-${release.changeType}`, text: release.changeType }), " ",
          h("span", { text: `${release.widget.title} (${release.widget.type})` }), " ",
          h("span", { className: "muted", "data-role": "release-status", text: `· ${status}` }),
          release.cohorts.length > 0 ? h("span", { className: "muted", text: ` · cohorts ${release.cohorts.join(", ")}` }) : null,
          release.dependencies.length > 0 ? h("span", { className: "muted", text: ` · needs ${release.dependencies.join(", ")}` }) : null),
        actions,
        this.previews.get(release.version) ?? null);
    });
    return h("section", { className: "releases" }, h("h4", { text: "Releases" }), h("ul", {}, ...rows));
  }

  private async preview(release: Release, button: HTMLButtonElement, approve: HTMLButtonElement | null): Promise<void> {
    button.disabled = true;
    const id = this.feature!.id;
    try {
      const { body: p } = await get<Preview>(`/api/features/${encodeURIComponent(id)}/releases/${encodeURIComponent(release.version)}/preview`);
      const panel = previewPanel(p);
      this.previews.get(release.version)?.remove();
      this.previews.set(release.version, panel);
      button.closest("li")?.append(panel);
      if (approve) approve.disabled = false;
    } catch (error) {
      this.context.notices.failed(`The preview of ${id} ${release.version}`, error);
    } finally {
      button.disabled = false;
    }
  }

  private async approve(release: Release, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    const id = this.feature!.id;
    try {
      const { body } = await api<Feature>("POST", `/api/features/${encodeURIComponent(id)}/releases/${encodeURIComponent(release.version)}/approve`);
      this.context.notices.done(`${id} ${release.version} approved.`);
      for (const campaignId of body.campaigns) this.context.campaignStarted(campaignId);
      await this.changed();
    } catch (error) {
      button.disabled = false;
      this.context.notices.failed(`The approval of ${id} ${release.version}`, error);
    }
  }

  private proposeForm(feature: Feature): HTMLElement {
    const latest = feature.releases.at(-1)?.version;
    const next = latest ? latest.replace(/^(\d+)\.(\d+)\.(\d+)$/, (_, a, b) => `${a}.${Number(b) + 1}.0`) : "1.0.0";
    const field = (label: string, input: HTMLElement) => h("label", {}, h("span", { text: label }), input);
    const version = h("input", { name: "version", value: next, required: true, size: 8 });
    const changeType = h("select", { name: "changeType" }, ...["safe", "reviewed", "breaking"].map((t) => h("option", { value: t, text: t })));
    const title = h("input", { name: "title", value: feature.name, required: true });
    const type = h("select", { name: "type" }, ...["stat_card", "line_chart", "table", "html"].map((t) => h("option", { value: t, text: t })));
    const kpi = h("input", { name: "kpi", placeholder: "perfect_order", size: 14 });
    const cohorts = h("input", { name: "cohorts", placeholder: "ops, night", size: 14 });
    const html = h("textarea", { name: "html", rows: 2, placeholder: "<p>…</p>" });
    const guide = h("input", { name: "migrationGuide", placeholder: "breaking: how to migrate" });
    const form = h("form", { className: "propose", "data-role": "propose" },
      field("Version", version), field("Change", changeType), field("Title", title), field("Type", type), field("KPI", kpi),
      field("Cohorts", cohorts), field("HTML", html), field("Migration guide", guide),
      h("button", { type: "submit", text: "Propose release" }));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.propose({
        version: version.value.trim(),
        changeType: changeType.value,
        widget: { type: type.value, title: title.value.trim(), w: 3, h: 2, html: html.value, css: "", config: kpi.value.trim() ? { kpi: kpi.value.trim() } : {} },
        injection: { mode: "smart" },
        cohorts: cohorts.value.split(",").map((c) => c.trim()).filter((c) => c.length > 0),
        dependencies: [],
        migrationGuide: guide.value.trim() || null,
      });
    });
    return h("details", { className: "propose-block" }, h("summary", { text: "Propose a release" }), form);
  }

  private async propose(release: unknown): Promise<void> {
    const id = this.feature!.id;
    try {
      await api("POST", `/api/features/${encodeURIComponent(id)}/releases`, { body: release });
      this.context.notices.done(`Release proposed for ${id}.`);
      this.proposeBlock?.remove();
      this.proposeBlock = null; // the next one suggests the version after this release
      await this.changed();
    } catch (error) {
      this.context.notices.failed("Proposing the release", error);
    }
  }

  private history(): HTMLDetailsElement {
    const details = h("details", { className: "history-block", "data-role": "history" }, h("summary", { text: "History" }), this.historyList);
    details.addEventListener("toggle", () => {
      if (details.open) void this.loadHistory();
    });
    return details;
  }

  private async loadHistory(): Promise<void> {
    try {
      const { body: entries } = await get<AuditEntry[]>(`/api/features/${encodeURIComponent(this.feature!.id)}/history`);
      this.historyList.replaceChildren(...entries.map((e) =>
        h("li", { "data-action": e.action, text: `${when(e.at)} · ${e.actor} · ${e.action}${e.after ? ` ${JSON.stringify(e.after)}` : ""}` })));
    } catch (error) {
      this.context.notices.failed("Loading the history", error);
    }
  }

  private rollbackButton(feature: Feature): HTMLElement {
    const button = h("button", { type: "button", className: "danger", "data-role": "rollback", text: "Roll back…" });
    button.addEventListener("click", () => this.context.rollbacks.open(feature, () => void this.changed()));
    return h("div", { className: "rollback-row" }, button);
  }
}

function previewPanel(p: Preview): HTMLElement {
  const skipped = Object.entries(p.skipped).filter(([, n]) => n > 0);
  return h("div", { className: "preview", "data-role": "preview-result", "data-release": p.version },
    h("p", {},
      `If approved, ${p.featureId} ${p.version} reaches `, h("strong", { "data-role": "preview-targeted", text: count(p.targeted) }), " of ",
      h("span", { "data-role": "preview-total", text: count(p.total) }), " cockpits: ",
      h("strong", { "data-role": "preview-clean", text: count(p.clean) }), " merge cleanly, ",
      h("strong", { "data-role": "preview-conflicting", text: count(p.conflicting) }), ` keep operator changes over the release (${count(p.conflicts)} properties)`,
      p.failed > 0 ? h("span", { "data-role": "preview-failed", text: `, ${count(p.failed)} could not be checked` }) : null,
      `. Computed in ${p.durationMs} ms.`),
    skipped.length > 0
      ? h("p", { "data-role": "preview-skipped" }, "Left alone: ", ...skipped.flatMap(([reason, n], i) =>
          [i > 0 ? "; " : "", h("span", { "data-reason": reason, "data-value": n, text: `${count(n)} ${SkipWords[reason] ?? reason}` })]))
      : null,
    p.samples.length > 0
      ? h("details", { "data-role": "preview-samples" }, h("summary", { text: `Conflicts in ${p.samples.length} sample cockpits` }),
          h("ul", {}, ...p.samples.map((s) => h("li", { text: `${s.cockpitId}: ${s.conflicts.map((c) => (c.widgetId ? `${c.widgetId}.${c.property}` : c.property)).join(", ")}` }))))
      : null);
}
