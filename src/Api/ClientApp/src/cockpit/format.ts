// Numbers and times as an operator reads them, in the browser's locale.

// One formatter per number of decimals: building an Intl.NumberFormat costs far more than using one, and a
// busy cockpit formats numbers many times a second.
const formatters = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  let format = formatters.get(decimals);
  if (!format) formatters.set(decimals, (format = new Intl.NumberFormat(undefined, { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  return format.format(value);
}

export function formatSigned(value: number, decimals: number): string {
  const text = formatNumber(Math.abs(value), decimals);
  return (value > 0 ? "+" : value < 0 ? "−" : "±") + text;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

export function formatBucket(iso: string, period: "minute" | "hour" | "day"): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (period === "day" ? dayFormat : timeFormat).format(date);
}

/** Decimals from config: an integer 0..6, else the fallback. */
export function decimalsOf(config: Record<string, unknown>, fallback = 1): number {
  const d = config["decimals"];
  return typeof d === "number" && Number.isInteger(d) && d >= 0 && d <= 6 ? d : fallback;
}
