// The REST shapes the console and the ops board read (API.md "Features", "Campaigns and rollbacks", "Ops and health").

export type Role = "operator" | "optimizer" | "admin";

export interface Me {
  id: string;
  name: string;
  role: Role;
  xp: number;
}

export type Stage = "experimental" | "approved" | "foundational" | "deprecated";

export interface FeatureSummary {
  id: string;
  name: string;
  stage: Stage;
  authorId: string;
  owner: string | null;
  latestVersion: string | null;
  pendingApproval: string | null;
}

export interface Release {
  version: string;
  changeType: "safe" | "reviewed" | "breaking";
  widget: { type: string; title: string };
  cohorts: string[];
  dependencies: string[];
  proposedBy: string;
  proposedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  propagatable: boolean;
}

export interface Vote {
  voterId: string;
  approve: boolean;
  xp: number;
  at: string;
}

export interface Feature {
  id: string;
  name: string;
  description: string;
  authorId: string;
  owner: string | null;
  cohorts: string[];
  stage: Stage;
  deprecationNotice: string | null;
  releases: Release[];
  tally: { approvalPercent: number; votesCast: number; xpCast: number };
  thresholds: { quorum: number; approvedPercent: number; foundationalPercent: number };
  votes: Vote[];
  installations: { total: number; byVersion: Record<string, number> };
  campaigns: string[];
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
}

export type CampaignState = "running" | "paused" | "completed" | "halted" | "cancelled";

export interface CampaignSummary {
  id: string;
  featureId: string;
  version: string;
  state: CampaignState;
  foundational: boolean;
  startedAt: string;
}

export interface Campaign extends CampaignSummary {
  total: number;
  applied: number;
  skipped: number;
  failed: number;
  conflicts: number;
  wave: number;
  finishedAt: string | null;
  durationMs: number;
  haltReason: string | null;
  failures: Record<string, string>;
}

export interface Preview {
  featureId: string;
  version: string;
  changeType: string;
  cohorts: string[];
  total: number;
  targeted: number;
  clean: number;
  conflicting: number;
  conflicts: number;
  failed: number;
  skipped: Record<string, number>;
  samples: { cockpitId: string; conflicts: { widgetId: string | null; property: string }[] }[];
  durationMs: number;
}

export interface Rollback {
  id: string;
  featureId: string;
  mode: "revert" | "snapshot";
  reason: string;
  state: "running" | "completed";
  total: number;
  restored: number;
  skipped: number;
  failed: number;
  durationMs: number;
  failures: Record<string, string>;
}

export type Health = "healthy" | "warning" | "blocked";

export interface OpsFlag {
  id: string;
  name: string;
  stage: Stage;
  health: Health;
  reasons: string[];
  owner: string | null;
  cohorts: string[];
  dependencies: string[];
  dependents: string[];
  latestVersion: string | null;
  pendingApproval: string | null;
  installations: number;
  campaign: { id: string; state: CampaignState; applied: number; total: number } | null;
}

export interface OpsBoard {
  generatedAt: string;
  flags: OpsFlag[];
  silos: { address: string; name: string; host: string; status: string; startedAt: string }[];
  storage: string;
  migrations: { id: string; appliedAt: string }[];
  kpis: { code: string; stale: boolean; lastPointAt: string | null }[];
  snapshots: { retention: string; trimPeriod: string; lastTrimmedAt: string | null; lastRemoved: number | null };
}

export interface AlertMessage {
  kind: string;
  message: string;
  featureId?: string;
  cockpitId?: string;
}
