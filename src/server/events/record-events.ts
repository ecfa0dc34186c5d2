import { EventEmitter } from "node:events";
import pg from "pg";
import { env } from "@/server/env";
import { runAfterCommit } from "@/server/events/post-commit";
import { logger } from "@/server/logger";

/**
 * "A record changed" signals for live console updates. On a real PostgreSQL
 * they travel through LISTEN/NOTIFY so every app instance hears them; in
 * embedded mode (one process, one database connection) an in-process emitter
 * carries them instead. Payloads name records, never their content.
 */
export interface RecordEvent {
  kind: string;
  product: string;
  id: string;
  context?: string;
  instance?: string;
}

const CHANNEL = "launchplane_records";
const bus = new EventEmitter();
bus.setMaxListeners(0);

let listener: Promise<pg.Client> | undefined;

function embedded(): boolean {
  return env().LAUNCHPLANE_EMBEDDED;
}

/** Publishes once the writing transaction has committed. Never throws. */
export function publishRecordEvent(event: RecordEvent): void {
  runAfterCommit(() => broadcast(event));
}

/** NOTIFY payloads stay well under PostgreSQL's 8000-byte limit. */
const MAX_PAYLOAD_BYTES = 7000;
let outbox: RecordEvent[] = [];
let flushing: Promise<void> | null = null;

async function broadcast(event: RecordEvent): Promise<void> {
  const url = env().databaseUrl;
  if (embedded() || !url) {
    bus.emit(CHANNEL, event);
    return;
  }
  // Events raised together leave together: one NOTIFY per batch, sent one
  // batch at a time on the listener's connection.
  outbox.push(event);
  flushing ??= flush(url);
}

async function flush(url: string): Promise<void> {
  try {
    await new Promise((resolve) => setImmediate(resolve));
    const client = await listenerClient(url);
    while (outbox.length > 0) {
      const batch: RecordEvent[] = [];
      let size = 2;
      while (outbox.length > 0 && (batch.length === 0 || size + JSON.stringify(outbox[0]).length + 1 < MAX_PAYLOAD_BYTES)) {
        const next = outbox.shift()!;
        size += JSON.stringify(next).length + 1;
        batch.push(next);
      }
      await client.query("select pg_notify($1, $2)", [CHANNEL, JSON.stringify(batch)]);
    }
  } catch (error) {
    outbox = [];
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, "record events not published");
  } finally {
    flushing = null;
    if (outbox.length > 0) flushing = flush(url);
  }
}

/** Subscribes to record events; returns the unsubscribe function. */
export function subscribeRecordEvents(handler: (event: RecordEvent) => void): () => void {
  const url = env().databaseUrl;
  if (!embedded() && url) {
    void listenerClient(url).catch((error: unknown) =>
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, "record events unavailable"),
    );
  }
  bus.on(CHANNEL, handler);
  return () => bus.off(CHANNEL, handler);
}

/** One dedicated connection per process both LISTENs and NOTIFYs. */
function listenerClient(url: string): Promise<pg.Client> {
  if (!listener) {
    listener = (async () => {
      const client = new pg.Client({ connectionString: url });
      client.on("notification", (message) => {
        if (message.channel !== CHANNEL || !message.payload) return;
        try {
          const parsed = JSON.parse(message.payload) as RecordEvent | RecordEvent[];
          for (const event of Array.isArray(parsed) ? parsed : [parsed]) bus.emit(CHANNEL, event);
        } catch {
          // A malformed payload is dropped; listeners only ever get RecordEvents.
        }
      });
      client.on("error", () => {
        listener = undefined;
      });
      client.on("end", () => {
        listener = undefined;
      });
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
      return client;
    })();
    listener.catch(() => {
      listener = undefined;
    });
  }
  return listener;
}
