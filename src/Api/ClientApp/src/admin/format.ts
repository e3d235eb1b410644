// Numbers and times as the console shows them.

export function percent(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

export function count(value: number): string {
  return value.toLocaleString("en-US");
}

export function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC").replace(/Z$/, " UTC");
}

export function seconds(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return s < 120 ? `${s.toFixed(1)} s` : `${Math.round(s / 60)} min`;
}

/** The given children without the empty ones, for replaceChildren (which takes no null). */
export function children(...items: (Node | string | null | undefined | false)[]): (Node | string)[] {
  return items.filter((item): item is Node | string => item !== null && item !== undefined && item !== false);
}
