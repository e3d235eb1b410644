// Numbers and times as an operator reads them, in the browser's locale.

export function formatNumber(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return value.toLocaleString(undefined, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export function formatSigned(value: number, decimals: number): string {
  const text = formatNumber(Math.abs(value), decimals);
  return (value > 0 ? "+" : value < 0 ? "−" : "±") + text;
}

export function formatBucket(iso: string, period: "minute" | "hour" | "day"): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return period === "day"
    ? date.toLocaleDateString(undefined, { month: "short", day: "numeric" })
    : date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/** Decimals from config: an integer 0..6, else the fallback. */
export function decimalsOf(config: Record<string, unknown>, fallback = 1): number {
  const d = config["decimals"];
  return typeof d === "number" && Number.isInteger(d) && d >= 0 && d <= 6 ? d : fallback;
}
