/**
 * `npm run bench:console`: does the console's cost depend on how much
 * history a product has? One run, one production server, one database:
 *
 *   1. the demo products are seeded (scripts/lib/seed-demo.ts);
 *   2. their history grows to the small size (default 1,000 generated
 *      records across deployments, backup gates, promotions, release tuple
 *      changes, health observations and operator actions), the workspace
 *      and lane pages are rendered and timed;
 *   3. the history grows to the large size (default 200,000) and the same
 *      pages are timed again;
 *   4. steps 2–3 repeat (--rounds, default 3) after the generated history is
 *      removed again, so a burst of load on the machine during one phase
 *      does not decide the ratio: each size's figures pool all its rounds.
 *
 * Prints per page the median and p90 server render time (full HTML
 * response, signed in with a development session) at both sizes and the
 * ratio large/small of the medians (target ≤ 1.3), then the JavaScript each
 * console page ships, from the build's manifests.
 *
 * Options: --small N (1000), --large N (200000), --samples N per page and size
 * (60, spread over the rounds), --warmup N (8), --rounds N (3).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { createDatabase } from "@/server/db";
import { seedDemoIfEmpty } from "../lib/seed-demo";
import { startBenchEnvironment } from "./bench-environment";
import { benchHistoryRepository } from "./console-history";

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? Math.trunc(value) : fallback;
}

const PAGES = [
  { name: "workspace", path: "/products/web-shop", expect: "Safe to promote" },
  { name: "lane", path: "/products/web-shop/lanes/prod", expect: "History" },
] as const;

const BENCH_LOGIN = "bench";

/** A development sign-in through Auth.js's own endpoints; returns the Cookie header of the session. */
async function devSession(baseUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = pair!.split("=");
      jar.set(name!.trim(), value.join("="));
    }
  };
  const header = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signIn = await fetch(`${baseUrl}/api/auth/callback/dev`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header() },
    body: new URLSearchParams({ csrfToken, login, callbackUrl: "/" }),
  });
  keep(signIn);
  if (![...jar.keys()].some((name) => name.endsWith("session-token"))) {
    throw new Error(`development sign-in failed (${signIn.status}); is LAUNCHPLANE_DEV_LOGIN on?`);
  }
  return header();
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

interface Timing {
  median: number;
  p90: number;
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9) };
}

/** Renders `page` warmup + samples times, one request at a time; returns the timed samples (ms) and the HTML size. */
async function timePage(
  baseUrl: string,
  cookie: string,
  page: (typeof PAGES)[number],
  warmup: number,
  samples: number,
): Promise<{ times: number[]; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let round = 0; round < warmup + samples; round += 1) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${page.path}`, { headers: { cookie }, redirect: "manual" });
    const html = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 200 || !html.includes(page.expect)) {
      throw new Error(`${page.path} answered ${response.status} without "${page.expect}"`);
    }
    if (round >= warmup) times.push(elapsed);
    bytes = html.length;
  }
  return { times, bytes };
}

// ---------------------------------------------------------------------------
// JavaScript per page, from the build's client reference manifests.
// ---------------------------------------------------------------------------

const CONSOLE_ROUTES = [
  { name: "products", route: "(console)" },
  { name: "workspace", route: "(console)/products/[product]" },
  { name: "lane", route: "(console)/products/[product]/lanes/[instance]" },
  { name: "preview", route: "(console)/products/[product]/previews/[previewId]" },
];

function pageScripts(root: string, route: string): string[] {
  const file = join(root, ".next", "server", "app", route, "page_client-reference-manifest.js");
  const sandbox: { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = {};
  runInNewContext(readFileSync(file, "utf8"), { globalThis: sandbox });
  const manifest = sandbox.__RSC_MANIFEST?.[`/${route}/page`];
  if (!manifest?.entryJSFiles) throw new Error(`no entryJSFiles for /${route}/page in ${file}`);
  const build = JSON.parse(readFileSync(join(root, ".next", "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  return [...new Set([...build.rootMainFiles, ...Object.values(manifest.entryJSFiles).flat()])];
}

function scriptSizes(root: string, scripts: string[]): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const script of scripts) {
    const path = join(root, ".next", script);
    raw += statSync(path).size;
    gzip += gzipSync(readFileSync(path)).length;
  }
  return { raw, gzip };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main(): Promise<void> {
  const small = option("small", 1_000);
  const large = option("large", 200_000);
  const samples = option("samples", 60);
  const warmup = option("warmup", 8);
  const rounds = option("rounds", 3);
  const perRound = Math.max(1, Math.ceil(samples / rounds));
  const root = resolve(import.meta.dirname, "..", "..");

  // The demo's managed secrets are encrypted; the benchmark brings its own key.
  process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  const environment = await startBenchEnvironment("bench_console", {
    LAUNCHPLANE_DEV_LOGIN: "1",
    // The bench policy has no github_humans rule, so the bootstrap admin applies.
    LAUNCHPLANE_BOOTSTRAP_ADMIN_LOGINS: BENCH_LOGIN,
    LAUNCHPLANE_MASTER_ENCRYPTION_KEY: process.env.LAUNCHPLANE_MASTER_ENCRYPTION_KEY,
  });
  const db = createDatabase(environment.database.url, 2);
  try {
    console.log("seeding the demo products...");
    await seedDemoIfEmpty(environment.database.url, { dataDir: mkdtempSync(join(tmpdir(), "launchplane-bench-demo-")) });
    const cookie = await devSession(environment.server.url, BENCH_LOGIN);
    const history = benchHistoryRepository(db);

    const samplesOf = new Map<string, number[]>();
    for (let round = 1; round <= rounds; round += 1) {
      if (round > 1) await history.clear();
      for (const [label, size] of [
        ["small", small],
        ["large", large],
      ] as const) {
        const started = performance.now();
        const grown = await history.growTo(size);
        console.log(
          `round ${round}/${rounds}, ${label}: ${grown.total.toLocaleString("en")} generated records (${Object.entries(grown.perFamily)
            .map(([family, count]) => `${family} ${count.toLocaleString("en")}`)
            .join(", ")}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
        for (const page of PAGES) {
          const { times, bytes } = await timePage(environment.server.url, cookie, page, warmup, perRound);
          const key = `${page.name}:${label}`;
          samplesOf.set(key, [...(samplesOf.get(key) ?? []), ...times]);
          const now = timing(times);
          console.log(`  ${page.name.padEnd(9)} median ${ms(now.median)}  p90 ${ms(now.p90)}  (${kb(bytes)} HTML)`);
        }
      }
    }

    console.log(`\nServer render time: ${perRound * rounds} sequential requests per page and size (${rounds} rounds, ${warmup} warm-up requests before each block):`);
    console.log("| page | small median | small p90 | large median | large p90 | ratio large/small (median) |");
    console.log("|---|---|---|---|---|---|");
    for (const page of PAGES) {
      const s = timing(samplesOf.get(`${page.name}:small`)!);
      const l = timing(samplesOf.get(`${page.name}:large`)!);
      console.log(`| ${page.name} (${page.path}) | ${ms(s.median)} | ${ms(s.p90)} | ${ms(l.median)} | ${ms(l.p90)} | ${(l.median / s.median).toFixed(2)} |`);
    }

    console.log("\nJavaScript per page (build manifests: shared root chunks + the route's client entry chunks):");
    console.log("| page | scripts | raw | gzip |");
    console.log("|---|---|---|---|");
    for (const { name, route } of CONSOLE_ROUTES) {
      const scripts = pageScripts(root, route);
      const size = scriptSizes(root, scripts);
      console.log(`| ${name} | ${scripts.length} | ${kb(size.raw)} | ${kb(size.gzip)} |`);
    }
  } finally {
    await db.$disconnect();
    await environment.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
