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

const Units = [["day", 86_400], ["hour", 3_600], ["minute", 60], ["second", 1]] as const;

/** A .NET TimeSpan as the API writes it ("30.00:00:00", "01:00:00") in words, in the largest unit that fits exactly. */
export function timeSpan(value: string): string {
  const parts = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$/.exec(value);
  if (!parts) return value;
  const total = ((Number(parts[1] ?? 0) * 24 + Number(parts[2])) * 60 + Number(parts[3])) * 60 + Number(parts[4]);
  if (total === 0) return "0 seconds";
  const [name, size] = Units.find(([, s]) => total % s === 0)!;
  const n = total / size;
  return `${count(n)} ${name}${n === 1 ? "" : "s"}`;
}
