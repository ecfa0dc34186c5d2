import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { freePort } from "./embedded-database";

export interface RunningServer {
  url: string;
  port: number;
  /** Everything the server wrote, for diagnosing a failed start. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the production server (`next start`, the build must exist) on a
 * free loopback port and waits until GET /v1/health answers 200. The node
 * process that runs Next is spawned directly so stopping it stops Next.
 */
export async function startNextServer(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningServer> {
  const root = resolve(import.meta.dirname, "..", "..");
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [resolve(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
    { cwd: root, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", LAUNCHPLANE_LOG_LEVEL: "warn", ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/v1/health`);
      if (response.status === 200) return { url, port, output: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }
  await stop();
  throw new Error(`next start did not become healthy within ${timeoutMs} ms:\n${output}`);
}
