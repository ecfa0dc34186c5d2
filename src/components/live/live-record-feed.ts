"use client";

import type { LiveRecordEvent } from "@/server/events/record-event-stream";

/**
 * One EventSource per browser tab on /api/events, shared by every component
 * that wants live records (see use-live-records.ts). It opens with the first
 * listener, closes with the last, and reconnects with backoff when the
 * server refuses or drops it. After a reconnect, listeners are told they may
 * have missed events (`onResync`), so they refetch.
 */
export type { LiveRecordEvent };

export type LiveStatus = "connecting" | "live" | "offline";

export interface LiveFeedListener {
  onEvent(event: LiveRecordEvent): void;
  onResync(): void;
}

export const LIVE_EVENTS_URL = "/api/events";
/** Heartbeats arrive every 15 s; three missed ones mean the stream is gone. */
const STALE_AFTER_MS = 45_000;
const MAX_BACKOFF_MS = 60_000;

const listeners = new Set<LiveFeedListener>();
const statusListeners = new Set<(status: LiveStatus) => void>();
let source: EventSource | null = null;
let status: LiveStatus = "connecting";
let everConnected = false;
let backoffMs = 2_000;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let staleTimer: ReturnType<typeof setTimeout> | null = null;

function setStatus(next: LiveStatus): void {
  if (status === next) return;
  status = next;
  for (const listener of statusListeners) listener(next);
}

function markAlive(): void {
  if (staleTimer) clearTimeout(staleTimer);
  staleTimer = setTimeout(() => {
    // No heartbeat for too long: drop this connection and open a new one.
    disconnect();
    setStatus("offline");
    scheduleReconnect();
  }, STALE_AFTER_MS);
}

function connect(): void {
  if (source || typeof EventSource === "undefined") return;
  setStatus("connecting");
  const current = new EventSource(LIVE_EVENTS_URL);
  source = current;
  current.addEventListener("ready", () => {
    backoffMs = 2_000;
    setStatus("live");
    markAlive();
    if (everConnected) for (const listener of listeners) listener.onResync();
    everConnected = true;
  });
  current.addEventListener("heartbeat", markAlive);
  current.addEventListener("record", (message) => {
    markAlive();
    let event: LiveRecordEvent;
    try {
      event = JSON.parse((message as MessageEvent<string>).data) as LiveRecordEvent;
    } catch {
      return;
    }
    for (const listener of listeners) listener.onEvent(event);
  });
  current.addEventListener("error", () => {
    if (current.readyState === EventSource.CLOSED) {
      // Refused (401/403/503) or gone for good: the browser will not retry by itself.
      disconnect();
      setStatus("offline");
      scheduleReconnect();
    } else {
      setStatus("connecting");
    }
  });
}

function disconnect(): void {
  source?.close();
  source = null;
  if (staleTimer) clearTimeout(staleTimer);
  staleTimer = null;
}

function scheduleReconnect(): void {
  if (retryTimer || listeners.size === 0) return;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    if (listeners.size > 0) connect();
  }, backoffMs);
  backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
}

/** Starts receiving events; returns the function that stops. */
export function listenToLiveRecords(listener: LiveFeedListener): () => void {
  listeners.add(listener);
  connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    disconnect();
    everConnected = false;
    setStatus("connecting");
  };
}

export function liveStatus(): LiveStatus {
  return status;
}

export function subscribeLiveStatus(listener: (status: LiveStatus) => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}
