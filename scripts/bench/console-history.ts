/**
 * Script-only repository for the console benchmark: grows the history of
 * the demo products with set-based SQL (INSERT … SELECT over
 * generate_series), so hundreds of thousands of records take seconds.
 *
 * Every generated row is a copy of a real record of the same lane (the
 * lane's oldest one, so its payload is one the services wrote), with a new
 * id (`<template id>:bench-<n>`) and a time further in the past than
 * anything the demo holds. The newest evidence of each lane stays the
 * demo's, so the pages show the same thing at every history size; only the
 * history behind it grows.
 */
import type { Database } from "@/server/db";

/** The record families the benchmark grows, with their share of the generated records. */
export const HISTORY_FAMILIES = {
  deployments: 0.35,
  backup_gates: 0.15,
  audit_events: 0.15,
  observations: 0.15,
  promotions: 0.1,
  tuple_history: 0.1,
} as const;
export type HistoryFamily = keyof typeof HISTORY_FAMILIES;

const MARK = ":bench-";

/**
 * Inserts copies number `from`..`to` (inclusive) of each lane template of a
 * family; returns the number of rows written. Copy n is n × 7 minutes older
 * than 60 days before its template.
 */
async function cloneRange(db: Database, family: HistoryFamily, from: number, to: number): Promise<number> {
  switch (family) {
    case "deployments":
      return db.$executeRaw`
        INSERT INTO launchplane_deployments (record_id, product, context, instance, artifact_id, source_git_ref, deploy_status,
          deploy_started_at, deploy_finished_at, occurred_at, runtime_identity, runtime_identity_status, payload)
        SELECT t.record_id || ${MARK} || g, t.product, t.context, t.instance, t.artifact_id, t.source_git_ref, t.deploy_status,
               t.deploy_started_at - interval '60 days' - g * interval '7 minutes',
               t.deploy_finished_at - interval '60 days' - g * interval '7 minutes',
               t.occurred_at - interval '60 days' - g * interval '7 minutes',
               t.runtime_identity, t.runtime_identity_status,
               jsonb_set(t.payload, '{record_id}', to_jsonb(t.record_id || ${MARK} || g))
          FROM (SELECT DISTINCT ON (context, instance) * FROM launchplane_deployments
                 WHERE record_id NOT LIKE ${`%${MARK}%`} ORDER BY context, instance, occurred_at) t
          CROSS JOIN generate_series(${from}::int, ${to}::int) AS g`;
    case "promotions":
      return db.$executeRaw`
        INSERT INTO launchplane_promotions (record_id, product, context, from_instance, to_instance, artifact_id, deployment_record_id,
          backup_record_id, deploy_status, deploy_started_at, deploy_finished_at, occurred_at, payload)
        SELECT t.record_id || ${MARK} || g, t.product, t.context, t.from_instance, t.to_instance, t.artifact_id, t.deployment_record_id,
               t.backup_record_id, t.deploy_status,
               t.deploy_started_at - interval '60 days' - g * interval '7 minutes',
               t.deploy_finished_at - interval '60 days' - g * interval '7 minutes',
               t.occurred_at - interval '60 days' - g * interval '7 minutes',
               jsonb_set(t.payload, '{record_id}', to_jsonb(t.record_id || ${MARK} || g))
          FROM (SELECT DISTINCT ON (context, to_instance) * FROM launchplane_promotions
                 WHERE record_id NOT LIKE ${`%${MARK}%`} ORDER BY context, to_instance, occurred_at) t
          CROSS JOIN generate_series(${from}::int, ${to}::int) AS g`;
    case "backup_gates":
      return db.$executeRaw`
        INSERT INTO launchplane_backup_gates (record_id, product, context, instance, status, required, occurred_at, payload)
        SELECT t.record_id || ${MARK} || g, t.product, t.context, t.instance, t.status, t.required,
               t.occurred_at - interval '60 days' - g * interval '7 minutes',
               jsonb_set(t.payload, '{record_id}', to_jsonb(t.record_id || ${MARK} || g))
          FROM (SELECT DISTINCT ON (context, instance) * FROM launchplane_backup_gates
                 WHERE record_id NOT LIKE ${`%${MARK}%`} ORDER BY context, instance, occurred_at) t
          CROSS JOIN generate_series(${from}::int, ${to}::int) AS g`;
    case "observations":
      return db.$executeRaw`
        INSERT INTO launchplane_public_ingress_observations (record_id, product, context, instance, check_name, check_kind, status,
          failure_code, observed_at, payload)
        SELECT t.record_id || ${MARK} || g, t.product, t.context, t.instance, t.check_name, t.check_kind, t.status,
               t.failure_code, t.observed_at - interval '60 days' - g * interval '7 minutes',
               jsonb_set(t.payload, '{record_id}', to_jsonb(t.record_id || ${MARK} || g))
          FROM (SELECT DISTINCT ON (product, context, instance) * FROM launchplane_public_ingress_observations
                 WHERE record_id NOT LIKE ${`%${MARK}%`} ORDER BY product, context, instance, observed_at) t
          CROSS JOIN generate_series(${from}::int, ${to}::int) AS g`;
    case "tuple_history":
      return db.$executeRaw`
        INSERT INTO launchplane_release_tuple_history (context, channel, product, tuple_id, artifact_id, provenance, minted_at,
          deployment_record_id, promotion_record_id, payload)
        SELECT t.context, t.channel, t.product, t.tuple_id, t.artifact_id, t.provenance,
               t.minted_at - interval '60 days' - g * interval '7 minutes', t.deployment_record_id, t.promotion_record_id, t.payload
          FROM (SELECT DISTINCT ON (context, channel) * FROM launchplane_release_tuple_history
                 WHERE minted_at > now() - interval '50 days' ORDER BY context, channel, minted_at) t
          CROSS JOIN generate_series(${from}::int, ${to}::int) AS g`;
    case "audit_events":
      // Operator actions on each stable lane, copied from a demo operator action.
      return db.$executeRaw`
        INSERT INTO launchplane_audit_events (event_id, occurred_at, actor_kind, actor, action, product, context, instance,
          target_type, target_id, trace_id, payload)
        SELECT a.event_id || ${MARK} || l.context || '-' || l.instance || '-' || g,
               a.occurred_at - interval '60 days' - g * interval '7 minutes', a.actor_kind, a.actor, a.action,
               l.product, l.context, l.instance, a.target_type, a.target_id, a.trace_id,
               a.payload || jsonb_build_object('event_id', a.event_id || ${MARK} || l.context || '-' || l.instance || '-' || g,
                 'product', l.product, 'context', l.context, 'instance', l.instance)
          FROM (SELECT * FROM launchplane_audit_events WHERE actor_kind = 'operator' AND product <> '' AND instance <> ''
                   AND event_id NOT LIKE ${`%${MARK}%`} ORDER BY occurred_at LIMIT 1) a
          CROSS JOIN (SELECT DISTINCT product, context, instance FROM launchplane_deployments
                       WHERE record_id NOT LIKE ${`%${MARK}%`}) l
          CROSS JOIN generate_series(${from}::int, ${to}::int) AS g`;
  }
}

export interface HistoryGrowth {
  /** Generated records now stored, per family. */
  perFamily: Record<HistoryFamily, number>;
  total: number;
}

/**
 * Grows the generated history to about `target` records in total, split
 * across the families by their share. Idempotent per target: copies already
 * made are not made again.
 */
export function benchHistoryRepository(db: Database) {
  const made: Record<HistoryFamily, number> = { deployments: 0, promotions: 0, backup_gates: 0, observations: 0, tuple_history: 0, audit_events: 0 };
  /** Rows one copy step writes per family: the number of lane templates (learnt from the first copy). */
  const templates = new Map<HistoryFamily, number>();
  return {
    /** Removes every generated record, back to the demo's own history. */
    async clear(): Promise<void> {
      const pattern = `%${MARK}%`;
      await db.$executeRaw`DELETE FROM launchplane_deployments WHERE record_id LIKE ${pattern}`;
      await db.$executeRaw`DELETE FROM launchplane_promotions WHERE record_id LIKE ${pattern}`;
      await db.$executeRaw`DELETE FROM launchplane_backup_gates WHERE record_id LIKE ${pattern}`;
      await db.$executeRaw`DELETE FROM launchplane_public_ingress_observations WHERE record_id LIKE ${pattern}`;
      await db.$executeRaw`DELETE FROM launchplane_audit_events WHERE event_id LIKE ${pattern}`;
      await db.$executeRaw`DELETE FROM launchplane_release_tuple_history WHERE minted_at < now() - interval '50 days'`;
      await db.$executeRawUnsafe(
        "VACUUM ANALYZE launchplane_deployments, launchplane_promotions, launchplane_backup_gates, launchplane_public_ingress_observations, launchplane_release_tuple_history, launchplane_audit_events",
      );
      for (const family of Object.keys(made) as HistoryFamily[]) made[family] = 0;
      templates.clear();
    },

    async growTo(target: number): Promise<HistoryGrowth> {
      for (const family of Object.keys(HISTORY_FAMILIES) as HistoryFamily[]) {
        if (!templates.has(family)) {
          const first = await cloneRange(db, family, 1, 1);
          templates.set(family, first);
          made[family] += first;
        }
        const lanes = templates.get(family)!;
        if (lanes === 0) continue;
        const copies = Math.ceil((target * HISTORY_FAMILIES[family]) / lanes);
        const have = made[family] / lanes;
        if (copies > have) made[family] += await cloneRange(db, family, have + 1, copies);
      }
      await db.$executeRawUnsafe(
        "ANALYZE launchplane_deployments, launchplane_promotions, launchplane_backup_gates, launchplane_public_ingress_observations, launchplane_release_tuple_history, launchplane_audit_events",
      );
      return { perFamily: { ...made }, total: Object.values(made).reduce((sum, count) => sum + count, 0) };
    },
  };
}
