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
import type { RecordKind } from "@/lib/record-path";

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

/**
 * Record families as read models and audit events name them (`artifact_manifest`,
 * `public_ingress_incident`), as the kinds of their detail pages. Families without
 * a detail page (audit events, historical tuples, preview plans...) have none.
 */
const KIND_OF_FAMILY: Record<string, RecordKind> = {
  deployment: "deployment",
  promotion: "promotion",
  backup_gate: "backup_gate",
  artifact: "artifact",
  artifact_manifest: "artifact",
  incident: "incident",
  public_ingress_incident: "incident",
  preview: "preview",
  preview_generation: "preview_generation",
};

/** The record kind of a family name, or null when the family has no detail page. */
export function recordKindOf(family: string): RecordKind | null {
  return KIND_OF_FAMILY[family] ?? null;
}
