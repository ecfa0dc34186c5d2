import { existsSync, mkdirSync } from "node:fs";
import { createServer, connect, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedDatabase {
  url: string;
  /** True when the data directory held no database and one was created (from the template, if given). */
  created: boolean;
  /** The data directory as a gzipped tarball (a template for other databases). */
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** How long a connection may wait for its turn before it is refused (default 60 s). */
  queueTimeoutMs?: number;
  /** A data directory tarball to start from instead of an empty cluster, when there is no database yet. */
  template?: Blob | null;
}

/** Asks the kernel for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * PGlite in `<dataDir>/pglite` (in memory when `dataDir` is null), served on
 * a free loopback port, one connection at a time with a fresh session each.
 * A new database starts from `options.template` when given (see
 * embedded-template.ts).
 *
 * PGlite is one PostgreSQL session: the socket server corrupts interleaved
 * queries from several connections, so it accepts exactly one and the app's
 * pool must use one connection too. It refuses a second connection outright,
 * including one that arrives while the previous client's close is still in
 * flight; so a gate in front of it holds every new connection until the
 * previous one has fully gone (and the session is reset), and only then
 * connects it through. A client that waits longer than the queue timeout
 * gets a PostgreSQL `too_many_connections` error instead of hanging.
 */
export async function startEmbeddedDatabase(
  dataDir: string | null,
  options: EmbeddedDatabaseOptions = {},
): Promise<EmbeddedDatabase> {
  const directory = dataDir ? join(dataDir, "pglite") : undefined;
  if (directory) mkdirSync(directory, { recursive: true });
  const created = !directory || !existsSync(join(directory, "PG_VERSION"));
  // Loading a template skips initdb, the slowest part of creating a database.
  const loadDataDir = created && options.template ? options.template : undefined;
  const pglite = directory ? await PGlite.create(directory, { loadDataDir }) : await PGlite.create({ loadDataDir });
  const innerPort = await freePort();
  const inner = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: innerPort, maxConnections: 1 });
  await inner.start();
  let stopping: Promise<void> | undefined;
  const gate = await startConnectionGate(inner, innerPort, options.queueTimeoutMs ?? 60_000, () => resetSession(pglite));
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${gate.port}/postgres?sslmode=disable`,
    created,
    dump: () => pglite.dumpDataDir("gzip"),
    // Idempotent, like dropping a database "if exists".
    stop() {
      stopping ??= (async () => {
        await gate.close();
        await inner.stop();
        await pglite.close();
      })();
      return stopping;
    },
  };
}

interface ConnectionGate {
  port: number;
  close(): Promise<void>;
}

interface Waiting {
  socket: Socket;
  timer: NodeJS.Timeout;
}

/** How long to wait for the socket server to notice a closed connection. */
const RELEASE_TIMEOUT_MS = 2_000;

async function startConnectionGate(
  inner: PGLiteSocketServer,
  innerPort: number,
  queueTimeoutMs: number,
  reset: () => Promise<void>,
): Promise<ConnectionGate> {
  const queue: Waiting[] = [];
  const open = new Set<Socket>();
  let busy = false;
  let closing = false;

  const admitNext = () => {
    if (busy || closing) return;
    const next = queue.shift();
    if (!next) return;
    clearTimeout(next.timer);
    const client = next.socket;
    if (client.destroyed) return admitNext();
    busy = true;
    const upstream = connect(innerPort, "127.0.0.1");
    open.add(upstream);
    upstream.on("close", () => open.delete(upstream));
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      client.destroy();
      upstream.destroy();
      void untilInnerIdle(inner)
        .then(() => (closing ? undefined : reset()))
        // A session that cannot be reset is still served: refusing every later client would be worse.
        .catch(() => undefined)
        .finally(() => {
          busy = false;
          admitNext();
        });
    };
    client.on("close", release);
    client.on("error", release);
    upstream.on("close", release);
    upstream.on("error", release);
    upstream.once("connect", () => {
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  };

  const server: Server = createServer({ pauseOnConnect: true }, (socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.on("error", () => socket.destroy());
    const waiting: Waiting = {
      socket,
      timer: setTimeout(() => {
        const index = queue.indexOf(waiting);
        if (index >= 0) queue.splice(index, 1);
        socket.end(tooManyConnections(`the embedded database serves one connection at a time; this one waited ${queueTimeoutMs} ms`));
      }, queueTimeoutMs),
    };
    waiting.timer.unref();
    queue.push(waiting);
    admitNext();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const waiting of queue.splice(0)) clearTimeout(waiting.timer);
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * PGlite is one session for every connection, so what a client leaves in it
 * (prepared statements, settings, temporary tables, advisory locks) would
 * reach the next client: a pooled client re-preparing its named statement
 * after a reconnect would fail with "already exists". Like a pooler's reset
 * query, DISCARD ALL gives each connection a fresh session.
 */
async function resetSession(pglite: PGlite): Promise<void> {
  await pglite.exec("ROLLBACK").catch(() => undefined);
  await pglite.exec("DISCARD ALL");
}

async function untilInnerIdle(inner: PGLiteSocketServer): Promise<void> {
  const deadline = Date.now() + RELEASE_TIMEOUT_MS;
  while (inner.getStats().activeConnections > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A PostgreSQL ErrorResponse (SQLSTATE 53300) so clients report a readable refusal. */
function tooManyConnections(message: string): Buffer {
  const fields = Buffer.concat([
    field("S", "FATAL"),
    field("V", "FATAL"),
    field("C", "53300"),
    field("M", message),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write("E", 0, "ascii");
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

function field(code: string, value: string): Buffer {
  return Buffer.concat([Buffer.from(code, "ascii"), Buffer.from(value, "utf8"), Buffer.from([0])]);
}
