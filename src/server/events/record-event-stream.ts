import { type ReadScope, readScopeAllows } from "@/server/auth/authorize";
import type { ProductProfileRecord } from "@/server/contracts/product-profile";
import { type RecordEvent, subscribeRecordEvents } from "@/server/events/record-events";
import { logger } from "@/server/logger";
import { mayReadProduct, productContexts } from "@/server/services/product-read-access";

/**
 * The console's live feed: record events as server-sent events, only those
 * the operator may read. A heartbeat keeps proxies from closing an idle
 * stream and lets the browser tell "quiet" from "gone"; the subscription
 * ends when the browser disconnects (the request's signal aborts).
 */

/** What the browser receives for one record event: the record event itself, which names records, never their content. */
export type LiveRecordEvent = RecordEvent;

/** What the operator may read right now; reloaded when the policy or a profile changes. */
export interface LiveAudience {
  scope: ReadScope;
  /** The profiles the operator may read, for events that name only a product or only a context. */
  profiles: ProductProfileRecord[];
}

/** Policy changes: every stream reloads its audience, and the browser refetches everything. */
export const POLICY_EVENT_KIND = "authz_policy";
const PROFILE_EVENT_KIND = "product_profile";

/**
 * The event as this operator may see it, or null. Rules:
 * - product and context named: `product.read` on both.
 * - only a product (artifacts, profiles): the product is readable in one of its contexts
 *   (artifacts are authorized with the product key as context, as /v1 does).
 * - only a context (secrets written without a product): delivered, under the readable
 *   product owning that context, when there is one.
 * - neither (global secrets): delivered; a global secret reaches every lane.
 */
export function visibleRecordEvent(event: RecordEvent, audience: LiveAudience): LiveRecordEvent | null {
  if (event.kind === POLICY_EVENT_KIND) return { kind: POLICY_EVENT_KIND, product: "", id: "" };
  const base: LiveRecordEvent = {
    kind: event.kind,
    product: event.product,
    id: event.id,
    ...(event.context ? { context: event.context } : {}),
    ...(event.instance ? { instance: event.instance } : {}),
  };
  const { scope, profiles } = audience;
  if (event.product && event.context) return readScopeAllows(scope, event.product, event.context) ? base : null;
  if (event.product) {
    const profile = profiles.find((candidate) => candidate.product === event.product);
    if (profile) return mayReadProduct(profile, scope) ? base : null;
    return readScopeAllows(scope, event.product, event.product) ? base : null;
  }
  if (event.context) {
    const owner = profiles.find(
      (profile) => productContexts(profile).includes(event.context!) && readScopeAllows(scope, profile.product, event.context!),
    );
    return owner ? { ...base, product: owner.product } : null;
  }
  return base;
}

export interface RecordEventStreamOptions {
  /** Aborts when the browser goes away. */
  signal: AbortSignal;
  /** The operator's audience now; called again after policy and profile changes. Null: access ended. */
  loadAudience: () => Promise<LiveAudience | null>;
  heartbeatMs?: number;
  /** How often to re-check that access still holds (session expiry, policy), in ms. */
  recheckMs?: number;
  subscribe?: (handler: (event: RecordEvent) => void) => () => void;
}

const encoder = new TextEncoder();

function frame(event: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** A `text/event-stream` body: `ready`, then `record` events and `heartbeat`s until the signal aborts. */
export async function recordEventStream(options: RecordEventStreamOptions): Promise<ReadableStream<Uint8Array>> {
  const { signal, loadAudience, heartbeatMs = 15_000, recheckMs = 5 * 60_000, subscribe = subscribeRecordEvents } = options;
  let audience = await loadAudience();
  let stop: () => void = () => {};

  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let reloading: Promise<void> | null = null;
      const timers: Array<ReturnType<typeof setInterval>> = [];
      let unsubscribe: () => void = () => {};

      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        for (const timer of timers) clearInterval(timer);
        signal.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          // Already closed by the runtime after a cancel.
        }
      };
      stop = close;

      const send = (chunk: Uint8Array) => {
        if (closed) return;
        try {
          controller.enqueue(chunk);
        } catch {
          close();
        }
      };

      const reload = () => {
        reloading ??= loadAudience()
          .then((next) => {
            audience = next;
            if (!next) close();
          })
          .catch((error: unknown) => {
            logger.warn({ err: error instanceof Error ? error.message : String(error) }, "live feed could not reload access");
          })
          .finally(() => {
            reloading = null;
          });
        return reloading;
      };

      if (!audience || signal.aborted) {
        close();
        return;
      }

      // The browser reconnects after `retry` ms when the stream drops.
      send(encoder.encode("retry: 3000\n\n"));
      send(frame("ready", { at: new Date().toISOString() }));

      unsubscribe = subscribe((event) => {
        if (closed) return;
        const deliver = () => {
          if (!audience || closed) return;
          const visible = visibleRecordEvent(event, audience);
          if (visible) send(frame("record", visible));
        };
        if (event.kind === POLICY_EVENT_KIND || event.kind === PROFILE_EVENT_KIND) void reload().then(deliver);
        else if (reloading) void reloading.then(deliver);
        else deliver();
      });
      timers.push(setInterval(() => send(frame("heartbeat", { at: new Date().toISOString() })), heartbeatMs));
      timers.push(setInterval(() => void reload(), recheckMs));
      signal.addEventListener("abort", close, { once: true });
    },
    cancel() {
      stop();
    },
  });
}
