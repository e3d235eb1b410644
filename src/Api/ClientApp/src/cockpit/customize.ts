// Customize mode, loaded only when an operator opens it (gridstack is most of its weight). The operator drags and
// resizes widgets on the 12-column grid (or types positions, for keyboard users), hides and shows them, edits
// titles, widget CSS and the theme CSS, and adds KPI widgets of their own. Save sends ONE merge patch with
// If-Match; a 412 says the cockpit changed elsewhere and keeps every edit on screen. Cancel puts the page back.
import { GridStack, GridStackNode } from "gridstack";
import { ApiError, api, get } from "../shared/api";
import { SignedOut } from "../shared/auth";
import { h } from "../shared/dom";
import { CockpitDocument, Period, Periods, WidgetDocument } from "./model";
import { Notices } from "./notices";

export interface PageContext {
  ownUpdatedAt: string | null;
  readonly cockpitId: string;
  readonly base: string;
  readonly notices: Notices;
}

const Columns = 12;
const MergePatch = "application/merge-patch+json";
const LiveTypes = [["stat_card", "Stat card"], ["line_chart", "Line chart"], ["table", "Table"]] as const;

interface Geometry { x: number; y: number; w: number; h: number }

interface Edit {
  readonly id: string;
  readonly original: WidgetDocument;
  geometry: Geometry;
  title: string;
  css: string;
  hidden: boolean;
  /** A widget the operator added in this session; saved whole. */
  readonly added?: WidgetDocument;
  element: HTMLElement | null;
}

let active = false;

export async function enterCustomize(page: PageContext, onExit: () => void): Promise<void> {
  if (active) return;
  const { body: doc, etag } = await get<CockpitDocument>(page.base);
  active = true;
  new Customizer(page, doc, etag, () => {
    active = false;
    onExit();
  }).start();
}

class Customizer {
  private readonly edits = new Map<string, Edit>();
  private readonly grid: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly status: HTMLElement;
  private readonly saveButton: HTMLButtonElement;
  private readonly themeCss: string;
  private readonly restore: (() => void)[] = [];
  private stack: GridStack | null = null;
  private theme: HTMLTextAreaElement;

  constructor(private readonly page: PageContext, doc: CockpitDocument, private etag: string | null, private readonly exit: () => void) {
    this.grid = document.querySelector<HTMLElement>(".cockpit-grid")!;
    this.themeCss = doc.theme?.css ?? "";
    for (const [id, widget] of Object.entries(doc.widgets ?? {})) {
      this.edits.set(id, {
        id,
        original: widget,
        geometry: geometryOf(widget),
        title: widget.title ?? "",
        css: widget.css ?? "",
        hidden: widget.hidden === true,
        element: document.querySelector<HTMLElement>(`[data-widget-id="${CSS.escape(id)}"].widget`),
      });
    }

    this.status = h("p", { className: "customize-status", "data-role": "customize-status", role: "status", "aria-live": "polite" });
    this.saveButton = h("button", { type: "button", "data-role": "save", text: "Save", onclick: () => void this.save(false) });
    this.theme = h("textarea", { id: "df-theme-css", rows: 4, spellcheck: "false", "data-role": "theme-css" });
    this.theme.value = this.themeCss;
    this.panel = h("aside", { className: "customize-panel", "aria-label": "Customize this cockpit", "data-role": "customize-panel" },
      h("div", { className: "customize-head" },
        h("h2", { text: "Customize" }),
        this.saveButton,
        h("button", { type: "button", className: "quiet", "data-role": "cancel", text: "Cancel", onclick: () => this.cancel() })),
      this.status,
      h("p", { className: "hint", text: "Drag a widget by its title, resize it from its corner, or type its position below." }),
      h("div", { className: "customize-widgets", "data-role": "customize-widgets" }),
      this.addForm(),
      h("label", { for: "df-theme-css", text: "Theme CSS" }),
      this.theme);
  }

  start(): void {
    document.body.classList.add("customizing");
    document.body.dataset["customizing"] = "true";
    document.querySelector("main")?.before(this.panel);
    this.makeGrid();
    this.renderList();
    this.panel.querySelector<HTMLElement>("[data-role=save]")?.focus();
  }

  // ----------------------------------------------------------------------------------------------- grid ---

  private makeGrid(): void {
    this.grid.classList.add("grid-stack");
    for (const edit of this.edits.values()) {
      if (edit.element && !edit.hidden) this.prepare(edit.element, edit);
    }
    const stack = GridStack.init({
      column: Columns,
      cellHeight: 88,
      margin: 4,
      mode: "float",
      animate: false,
      handle: ".widget-title, .placeholder-title",
      disableDrag: window.innerWidth < 640,
      disableResize: window.innerWidth < 640,
    }, this.grid);
    if (!stack) throw new Error("The grid could not be prepared.");
    this.stack = stack;
    stack.on("change", (_event: Event, nodes: GridStackNode[]) => {
      for (const node of nodes) {
        const id = node.el?.dataset["widgetId"];
        const edit = id ? this.edits.get(id) : undefined;
        if (!edit) continue;
        edit.geometry = { x: node.x ?? 0, y: node.y ?? 0, w: node.w ?? 1, h: node.h ?? 1 };
        this.syncInputs(edit);
      }
      this.dirty();
    });
  }

  /** Turns a rendered widget into a grid item for the session; everything done here is undone on exit. */
  private prepare(element: HTMLElement, edit: Edit): void {
    const style = element.getAttribute("style");
    const content = h("div", { className: "grid-stack-item-content" });
    content.append(...element.childNodes);
    element.append(content);
    element.classList.add("grid-stack-item");
    // The page's own CSS grid placement would make the grid cell, not the grid, the item's containing block.
    element.style.removeProperty("grid-column");
    element.style.removeProperty("grid-row");
    const { x, y, w, h: height } = edit.geometry;
    element.setAttribute("gs-id", edit.id);
    element.setAttribute("gs-x", String(x));
    element.setAttribute("gs-y", String(y));
    element.setAttribute("gs-w", String(w));
    element.setAttribute("gs-h", String(height));
    this.restore.push(() => {
      element.append(...content.childNodes);
      content.remove();
      element.classList.remove("grid-stack-item", "ui-draggable", "ui-resizable", "ui-draggable-disabled", "ui-resizable-disabled");
      for (const name of ["gs-id", "gs-x", "gs-y", "gs-w", "gs-h"]) element.removeAttribute(name);
      if (style === null) element.removeAttribute("style");
      else element.setAttribute("style", style);
    });
  }

  /** A widget the page does not show yet (hidden before, or just added): a labelled box until the save reloads. */
  private placeholder(edit: Edit): HTMLElement {
    const box = h("section", { className: "widget widget-placeholder", "data-widget-id": edit.id, "data-placeholder": "true" },
      h("h2", { className: "placeholder-title", text: edit.title || edit.id }),
      h("p", { className: "hint", text: "Shown after saving." }));
    this.grid.append(box);
    this.prepare(box, edit);
    this.stack?.makeWidget(box);
    this.restore.push(() => box.remove());
    return box;
  }

  // ----------------------------------------------------------------------------------------------- list ---

  private renderList(): void {
    const list = this.panel.querySelector<HTMLElement>("[data-role=customize-widgets]")!;
    list.replaceChildren(...[...this.edits.values()].map((edit) => this.row(edit)));
  }

  private row(edit: Edit): HTMLElement {
    const key = `df-w-${edit.id}`;
    const visible = h("input", { type: "checkbox", id: `${key}-visible`, "data-role": "visible", checked: !edit.hidden });
    visible.addEventListener("change", () => this.setHidden(edit, !visible.checked));
    const title = h("input", { type: "text", id: `${key}-title`, value: edit.title, maxlength: 200, "data-role": "title" });
    title.addEventListener("input", () => {
      edit.title = title.value;
      const heading = edit.element?.querySelector(".widget-title, .placeholder-title");
      if (heading) heading.textContent = title.value;
      this.dirty();
    });
    const css = h("textarea", { id: `${key}-css`, rows: 3, spellcheck: "false", "data-role": "css" });
    css.value = edit.css;
    css.addEventListener("input", () => {
      edit.css = css.value;
      this.dirty();
    });
    const numbers = (["x", "y", "w", "h"] as const).map((axis) => {
      const input = h("input", { type: "number", id: `${key}-${axis}`, min: axis === "w" || axis === "h" ? 1 : 0, max: axis === "x" ? Columns - 1 : axis === "w" ? Columns : 1000, value: edit.geometry[axis], "data-axis": axis });
      input.addEventListener("change", () => this.move(edit, axis, Number(input.value)));
      return h("label", { for: `${key}-${axis}`, className: "axis" }, axis.toUpperCase(), " ", input);
    });
    return h("fieldset", { className: "customize-widget", "data-widget-row": edit.id },
      h("legend", { text: edit.title || edit.id }),
      h("label", { for: `${key}-visible`, className: "inline" }, visible, " Visible"),
      h("label", { for: `${key}-title`, text: "Title" }), title,
      h("div", { className: "axes" }, ...numbers),
      h("details", {}, h("summary", { text: "Widget CSS" }), h("label", { for: `${key}-css`, className: "visually-hidden", text: "Widget CSS" }), css));
  }

  private syncInputs(edit: Edit): void {
    for (const axis of ["x", "y", "w", "h"] as const) {
      const input = document.getElementById(`df-w-${edit.id}-${axis}`) as HTMLInputElement | null;
      if (input && input !== document.activeElement) input.value = String(edit.geometry[axis]);
    }
  }

  private move(edit: Edit, axis: keyof Geometry, value: number): void {
    if (!Number.isFinite(value)) return;
    const g = { ...edit.geometry, [axis]: Math.floor(value) };
    g.x = clamp(g.x, 0, Columns - 1);
    g.w = clamp(g.w, 1, Columns - g.x);
    g.y = clamp(g.y, 0, 10_000);
    g.h = clamp(g.h, 1, 10_000);
    edit.geometry = g;
    if (edit.element && this.stack && !edit.hidden) this.stack.update(edit.element, g);
    this.syncInputs(edit);
    this.dirty();
  }

  private setHidden(edit: Edit, hidden: boolean): void {
    edit.hidden = hidden;
    if (hidden && edit.element) {
      this.stack?.removeWidget(edit.element, false);
      edit.element.hidden = true;
      const element = edit.element;
      this.restore.push(() => { element.hidden = false; });
    } else if (!hidden) {
      if (edit.element && edit.element.hidden) {
        edit.element.hidden = false;
        this.stack?.makeWidget(edit.element);
      } else if (!edit.element) {
        edit.element = this.placeholder(edit);
      }
    }
    this.dirty();
  }

  // -------------------------------------------------------------------------------------- add a widget ---

  private addForm(): HTMLElement {
    const type = h("select", { id: "df-add-type", "data-role": "add-type" }, ...LiveTypes.map(([value, label]) => h("option", { value, text: label })));
    const kpi = h("input", { id: "df-add-kpi", type: "text", list: "df-kpi-codes", required: true, pattern: "[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}", "data-role": "add-kpi", autocomplete: "off" });
    const codes = h("datalist", { id: "df-kpi-codes" });
    const title = h("input", { id: "df-add-title", type: "text", maxlength: 200, "data-role": "add-title" });
    const period = h("select", { id: "df-add-period", "data-role": "add-period" }, ...Periods.map((p) => h("option", { value: p, text: p, selected: p === "hour" })));
    const form = h("form", { className: "customize-add", "data-role": "add-widget" },
      h("h3", { text: "Add a KPI widget" }),
      h("label", { for: "df-add-type", text: "Type" }), type,
      h("label", { for: "df-add-kpi", text: "KPI code" }), kpi, codes,
      h("label", { for: "df-add-period", text: "Period" }), period,
      h("label", { for: "df-add-title", text: "Title" }), title,
      h("button", { type: "submit", text: "Add widget" }));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!form.reportValidity()) return;
      this.add(type.value, kpi.value.trim(), period.value as Period, title.value.trim());
      kpi.value = "";
      title.value = "";
    });
    void get<{ items: string[] }>("/api/kpis").then(({ body }) => {
      codes.replaceChildren(...body.items.map((code) => h("option", { value: code })));
    }).catch(() => undefined);
    return form;
  }

  private add(type: string, kpi: string, period: Period, title: string): void {
    const id = `my-${Math.random().toString(36).slice(2, 10)}`;
    const geometry = { ...this.freeSlot(type === "line_chart" ? 6 : 3, type === "stat_card" ? 2 : 3) };
    const widget: WidgetDocument = { type, title: title || kpi, ...geometry, config: { kpi, period }, html: "", css: "" };
    const edit: Edit = { id, original: widget, geometry, title: widget.title ?? kpi, css: "", hidden: false, added: widget, element: null };
    this.edits.set(id, edit);
    edit.element = this.placeholder(edit);
    this.renderList();
    this.dirty();
    this.say(`Added “${edit.title}”. Save to see it live.`);
  }

  /** The first free w×h slot, row by row, the way the factory's smart injection places a widget. */
  private freeSlot(w: number, height: number): Geometry {
    const taken = [...this.edits.values()].filter((e) => !e.hidden).map((e) => e.geometry);
    for (let y = 0; y < 10_000; y++) {
      for (let x = 0; x + w <= Columns; x++) {
        const free = taken.every((g) => x + w <= g.x || g.x + g.w <= x || y + height <= g.y || g.y + g.h <= y);
        if (free) return { x, y, w, h: height };
      }
    }
    return { x: 0, y: 0, w, h: height };
  }

  // --------------------------------------------------------------------------------------- save, cancel ---

  /** The one merge patch: only what changed; an added widget whole. */
  private patch(): { patch: Record<string, unknown>; reload: boolean } {
    const widgets: Record<string, unknown> = {};
    let reload = false;
    for (const edit of this.edits.values()) {
      if (edit.added) {
        widgets[edit.id] = { ...edit.added, ...edit.geometry, title: edit.title, css: edit.css, hidden: edit.hidden };
        reload = true;
        continue;
      }
      const o = edit.original;
      const change: Record<string, unknown> = {};
      const before = geometryOf(o);
      for (const axis of ["x", "y", "w", "h"] as const) {
        if (edit.geometry[axis] !== before[axis]) change[axis] = edit.geometry[axis];
      }
      if (edit.title !== (o.title ?? "")) change["title"] = edit.title;
      if (edit.css !== (o.css ?? "")) {
        change["css"] = edit.css;
        reload = true;
      }
      if (edit.hidden !== (o.hidden === true)) {
        change["hidden"] = edit.hidden;
        if (!edit.hidden) reload = true;
      }
      if (Object.keys(change).length > 0) widgets[edit.id] = change;
    }
    const patch: Record<string, unknown> = {};
    if (Object.keys(widgets).length > 0) patch["widgets"] = widgets;
    if (this.theme.value !== this.themeCss) {
      patch["theme"] = { css: this.theme.value };
      reload = true;
    }
    return { patch, reload };
  }

  private async save(overwrite: boolean): Promise<void> {
    const { patch, reload } = this.patch();
    if (Object.keys(patch).length === 0) {
      this.leave();
      return;
    }
    this.saveButton.disabled = true;
    this.say("Saving…");
    try {
      if (overwrite) this.etag = (await get<CockpitDocument>(this.page.base)).etag;
      const headers: Record<string, string> = this.etag ? { "If-Match": this.etag } : {};
      const { body: saved } = await api<CockpitDocument>("PATCH", this.page.base, { body: patch, contentType: MergePatch, headers });
      this.page.ownUpdatedAt = saved.updatedAt;
      if (reload) {
        location.reload();
        return;
      }
      this.commit(saved);
    } catch (error) {
      if (error instanceof SignedOut) return;
      this.saveButton.disabled = false;
      if (error instanceof ApiError && error.status === 412) {
        this.conflict();
      } else if (error instanceof ApiError && error.errors) {
        this.say(`Not saved: ${Object.entries(error.errors).map(([field, messages]) => `${field}: ${messages.join(" ")}`).join("; ")}`, true);
      } else {
        this.say(`Not saved: ${(error as Error).message}`, true);
      }
    }
  }

  private conflict(): void {
    this.status.replaceChildren(
      h("strong", { text: "This cockpit was changed elsewhere since you started customizing. " }),
      "Your edits are still here. ",
      h("button", { type: "button", "data-role": "save-anyway", text: "Save my edits anyway", onclick: () => void this.save(true) }),
      " ",
      h("button", { type: "button", className: "quiet", "data-role": "discard", text: "Discard and reload", onclick: () => location.reload() }));
    this.status.dataset["conflict"] = "true";
    this.status.classList.add("error");
  }

  /** Saved without a reload: write the new positions into the page's own grid and leave. */
  private commit(saved: CockpitDocument): void {
    const positions = new Map<HTMLElement, Geometry>();
    for (const edit of this.edits.values()) {
      if (edit.element && !edit.hidden) positions.set(edit.element, edit.geometry);
    }
    this.leave();
    for (const [element, g] of positions) {
      element.style.gridColumn = `${g.x + 1} / span ${g.w}`;
      element.style.gridRow = `${g.y + 1} / span ${g.h}`;
      element.dataset["x"] = String(g.x);
      element.dataset["y"] = String(g.y);
      element.dataset["w"] = String(g.w);
      element.dataset["h"] = String(g.h);
    }
    for (const edit of this.edits.values()) {
      if (edit.hidden) edit.element?.remove();
    }
    document.body.dataset["cockpitUpdatedAt"] = saved.updatedAt;
    this.page.notices.saved("Your changes are saved.");
  }

  private cancel(): void {
    for (const edit of this.edits.values()) {
      const heading = edit.element?.querySelector(".widget-title");
      if (heading && !edit.added) heading.textContent = edit.original.title ?? "";
    }
    this.leave();
  }

  private leave(): void {
    this.stack?.destroy(false);
    this.stack = null;
    for (const undo of this.restore.splice(0).reverse()) undo();
    this.grid.classList.remove("grid-stack", "grid-stack-12", "grid-stack-animate", "grid-stack-static");
    this.grid.removeAttribute("gs-current-row");
    this.grid.style.removeProperty("height");
    this.grid.style.removeProperty("min-height");
    this.panel.remove();
    document.body.classList.remove("customizing");
    delete document.body.dataset["customizing"];
    document.querySelector<HTMLElement>("[data-role=customize]")?.focus();
    this.exit();
  }

  private dirty(): void {
    if (this.status.dataset["conflict"] === "true") return;
    this.say("Unsaved changes.");
  }

  private say(text: string, error = false): void {
    delete this.status.dataset["conflict"];
    this.status.textContent = text;
    this.status.classList.toggle("error", error);
  }
}

function geometryOf(widget: WidgetDocument): Geometry {
  const x = clamp(int(widget.x, 0), 0, Columns - 1);
  return { x, y: clamp(int(widget.y, 0), 0, 10_000), w: clamp(int(widget.w, Columns), 1, Columns - x), h: clamp(int(widget.h, 1), 1, 10_000) };
}

function int(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? Math.floor(value) : fallback;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
