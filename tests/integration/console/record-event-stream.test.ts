import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ReadScope } from "@/server/auth/authorize";
import { resetEnvForTests } from "@/server/env";
import { type LiveAudience, recordEventStream } from "@/server/events/record-event-stream";
import { subscribeRecordEvents } from "@/server/events/record-events";
import { uniqueProduct, useTestDb } from "../../support/database";
import { deploy } from "../read-models/read-model-fixtures";

/*
 * The live feed against real PostgreSQL: evidence written through the
 * services is announced with NOTIFY, heard through LISTEN, and reaches a
 * stream only when its operator may read the product; the subscription ends
 * when the browser goes away.
 */

const { db } = useTestDb();
const previousUrl = process.env.DATABASE_URL;

beforeAll(() => {
  // The events module reads the database URL from the environment (NOTIFY/LISTEN connection).
  process.env.DATABASE_URL = inject("databaseUrl");
  resetEnvForTests();
});
afterAll(() => {
  if (previousUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = previousUrl;
  resetEnvForTests();
});

interface Frame {
  event: string;
  data: Record<string, unknown>;
}

/** Reads server-sent event frames from a stream. */
function frames(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const queue: Frame[] = [];
  let done = false;
  const pull = async () => {
    const chunk = await reader.read();
    if (chunk.done) {
      done = true;
      return;
    }
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event && data) queue.push({ event, data: JSON.parse(data) as Record<string, unknown> });
    }
  };
  return {
    /** The next frame matching `wanted`, skipping others; fails after `timeoutMs`. */
    async next(wanted: (frame: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = queue.findIndex(wanted);
        if (index >= 0) return queue.splice(index, 1)[0]!;
        if (done) throw new Error("the stream ended");
        if (Date.now() > deadline) throw new Error("no matching frame in time");
        await Promise.race([pull(), new Promise((resolve) => setTimeout(resolve, deadline - Date.now()))]);
      }
    },
    seen: () => [...queue],
    async ended(): Promise<boolean> {
      while (!done) await pull();
      return true;
    },
  };
}

function scopeOf(product: string): ReadScope {
  return { action: "product.read", grants: [{ products: [product], contexts: null }] };
}

describe("the live record feed", () => {
  it("delivers events of readable products from evidence written through the services, and nothing else", async () => {
    const mine = uniqueProduct("live-mine");
    const theirs = uniqueProduct("live-theirs");
    const abort = new AbortController();
    const audience: LiveAudience = { scope: scopeOf(mine), profiles: [] };
    const stream = frames(await recordEventStream({ signal: abort.signal, loadAudience: async () => audience, heartbeatMs: 60_000 }));
    expect((await stream.next((frame) => frame.event === "ready")).data.at).toEqual(expect.any(String));

    await deploy(db, theirs, { recordId: `${theirs}-dep`, context: theirs, instance: "testing", artifactId: null });
    await deploy(db, mine, { recordId: `${mine}-dep`, context: mine, instance: "testing", artifactId: null });

    const event = await stream.next((frame) => frame.event === "record" && frame.data.kind === "deployment");
    expect(event.data).toEqual({ kind: "deployment", product: mine, id: `${mine}-dep`, context: mine, instance: "testing" });
    const inventory = await stream.next((frame) => frame.event === "record" && frame.data.kind === "inventory");
    expect(inventory.data).toMatchObject({ product: mine, context: mine, instance: "testing" });
    // Events are delivered in order: theirs (written first) would have arrived before mine.
    expect(stream.seen().filter((frame) => frame.data.product === theirs)).toEqual([]);
    abort.abort();
  });

  it("sends heartbeats and unsubscribes when the browser disconnects", async () => {
    let subscribed = 0;
    const counted = (handler: Parameters<typeof subscribeRecordEvents>[0]) => {
      subscribed += 1;
      const stop = subscribeRecordEvents(handler);
      return () => {
        subscribed -= 1;
        stop();
      };
    };
    const abort = new AbortController();
    const stream = frames(
      await recordEventStream({
        signal: abort.signal,
        loadAudience: async () => ({ scope: scopeOf("any"), profiles: [] }),
        heartbeatMs: 20,
        subscribe: counted,
      }),
    );
    await stream.next((frame) => frame.event === "ready");
    await stream.next((frame) => frame.event === "heartbeat");
    expect(subscribed).toBe(1);
    abort.abort();
    expect(await stream.ended()).toBe(true);
    expect(subscribed).toBe(0);
  });

  it("ends at once when access is gone", async () => {
    let subscribed = 0;
    const stream = frames(
      await recordEventStream({
        signal: new AbortController().signal,
        loadAudience: async () => null,
        subscribe: (handler) => {
          subscribed += 1;
          return subscribeRecordEvents(handler);
        },
      }),
    );
    expect(await stream.ended()).toBe(true);
    expect(subscribed).toBe(0);
  });
});
