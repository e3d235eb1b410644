// The wire shapes the cockpit page reads (API.md "KPIs", "Real-time hub"; GET /api/cockpits/{id}/widgets/data).

export type Period = "minute" | "hour" | "day";
export const Periods: readonly Period[] = ["minute", "hour", "day"];

export function isPeriod(value: unknown): value is Period {
  return value === "minute" || value === "hour" || value === "day";
}

/** A bucket as the hub pushes it (kpiValue) and SubscribeKpi answers it. */
export interface KpiValue {
  code: string;
  period: Period;
  bucketStart: string;
  avg: number;
  min: number;
  max: number;
  count: number;
  last: number;
  updatedAt?: string;
  stale?: boolean;
}

export interface KpiBucket {
  bucketStart: string;
  avg: number;
  min: number;
  max: number;
  count: number;
}

export interface LiveKpiData {
  code: string;
  period: Period;
  current: KpiValue | null;
  series: KpiBucket[];
}

export interface CockpitLiveData {
  cockpitId: string;
  version: string;
  at: string;
  staleAfterSeconds: number;
  widgets: Record<string, { type: string; period: Period; kpis: string[]; perKpi: boolean }>;
  kpis: Record<string, LiveKpiData>;
}

/** GET /api/cockpits/{id}/widgets/{wid}/data */
export interface WidgetData {
  kpi: string | null;
  period?: Period;
  current: KpiValue | null;
  series: KpiBucket[];
}

export interface CockpitUpdated {
  cockpitId: string;
  version: string;
  newFeatures: string[];
  removedFeatures: string[];
  updatedAt: string;
  reason: string;
}

export interface AlertMessage {
  kind: string;
  message: string;
  featureId?: string;
  cockpitId?: string;
}

export interface WidgetDocument {
  featureId?: string | null;
  featureVersion?: string | null;
  type?: string;
  title?: string;
  x?: number;
  y?: number;
  w?: number;
  h?: number;
  config?: Record<string, unknown> | null;
  html?: string;
  css?: string;
  hidden?: boolean;
}

export interface CockpitDocument {
  id: string;
  ownerId: string;
  title: string;
  version: string;
  theme: { css?: string } | null;
  widgets: Record<string, WidgetDocument>;
  updatedAt: string;
}

export const streamKey = (code: string, period: Period) => `${code}:${period}`;

/** The number a widget shows from a bucket: config.field (avg, last, min, max, count), avg by default. */
export type Field = "avg" | "last" | "min" | "max" | "count";
export function isField(value: unknown): value is Field {
  return value === "avg" || value === "last" || value === "min" || value === "max" || value === "count";
}
