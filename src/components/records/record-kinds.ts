import {
  Archive,
  ArrowRightLeft,
  Boxes,
  GitPullRequest,
  Layers,
  type LucideIcon,
  Package,
  Rocket,
  ShieldCheck,
  Siren,
  Tag,
} from "lucide-react";
import type { RecordKind } from "@/server/contracts/record-reference";

/** How the console names each record family. */
export const RECORD_KINDS: Record<RecordKind, { label: string; icon: LucideIcon }> = {
  deployment: { label: "Deployment", icon: Rocket },
  promotion: { label: "Promotion", icon: ArrowRightLeft },
  backup_gate: { label: "Backup gate", icon: ShieldCheck },
  artifact: { label: "Artifact", icon: Package },
  inventory: { label: "Lane inventory", icon: Boxes },
  release_tuple: { label: "Release tuple", icon: Tag },
  preview: { label: "Preview", icon: GitPullRequest },
  preview_generation: { label: "Preview generation", icon: Layers },
  incident: { label: "Incident", icon: Siren },
};

export function recordKindLabel(kind: string): string {
  return RECORD_KINDS[kind as RecordKind]?.label ?? kind.replaceAll("_", " ");
}

export function recordKindIcon(kind: string): LucideIcon {
  return RECORD_KINDS[kind as RecordKind]?.icon ?? Archive;
}

/** The audit target types /v1 writes, as record kinds with a detail page. */
const AUDIT_TARGET_KINDS: Record<string, RecordKind> = {
  deployment: "deployment",
  promotion: "promotion",
  backup_gate: "backup_gate",
  artifact_manifest: "artifact",
  preview: "preview",
  preview_generation: "preview_generation",
};

export function auditTargetKind(targetType: string): RecordKind | null {
  return AUDIT_TARGET_KINDS[targetType] ?? null;
}
