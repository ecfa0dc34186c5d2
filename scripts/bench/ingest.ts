/**
 * `npm run bench:ingest`: the cost of evidence ingestion relative to the
 * framework's ceiling, measured side by side in one run on this machine.
 *
 *   (a) GET  /v1/health                 — routing, envelope, one tiny query
 *   (b) POST /v1/evidence/deployments   — a fresh OIDC token, an Idempotency-Key
 *                                         and a unique record on every request
 *
 * Same concurrency and duration for both. Prints requests/s, p50 and p99 and
 * the ratio (b)/(a). Options: --connections N (16), --seconds S (10).
 */
import autocannon from "autocannon";
import { signToken, workflowClaims } from "../../tests/support/oidc-issuer";
import { BENCH_AUDIENCE, BENCH_REPOSITORY, startBenchEnvironment } from "./bench-environment";
import { deploymentBody } from "./deployment-body";

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

interface Measured {
  label: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

function summarize(label: string, result: autocannon.Result): Measured {
  return {
    label,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function main(): Promise<void> {
  const connections = option("connections", 16);
  const seconds = option("seconds", 10);
  const environment = await startBenchEnvironment("bench_ingest");
  try {
    const { server, issuer } = environment;

    // Tokens are signed ahead of time so the load generator measures the
    // server, not its own RSA signing; each request still gets its own token.
    const budget = Math.min(60_000, Math.ceil(seconds * 1500));
    console.log(`signing ${budget} tokens...`);
    const tokens: string[] = [];
    for (let index = 0; index < budget; index += 1) {
      tokens.push(
        await signToken(workflowClaims(BENCH_REPOSITORY, { run_id: String(index) }), {
          issuer: issuer.url,
          audience: BENCH_AUDIENCE,
          key: issuer.key,
          expiresInSeconds: 3600,
        }),
      );
    }

    const warm = await fetch(`${server.url}/v1/health`);
    if (warm.status !== 200) throw new Error(`health answered ${warm.status}`);

    console.log(`(a) GET /v1/health — ${connections} connections, ${seconds} s`);
    const health = await autocannon({ url: `${server.url}/v1/health`, connections, duration: seconds });

    let sequence = 0;
    console.log(`(b) POST /v1/evidence/deployments — ${connections} connections, ${seconds} s`);
    const ingest = await autocannon({
      url: `${server.url}/v1/evidence/deployments`,
      connections,
      duration: seconds,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => {
            const index = sequence++;
            const token = tokens[index % tokens.length]!;
            return {
              ...request,
              headers: {
                "content-type": "application/json",
                authorization: `Bearer ${token}`,
                "idempotency-key": `bench-${process.pid}-${index}`,
              },
              body: JSON.stringify(deploymentBody(index)),
            };
          },
        },
      ],
    });

    const rows = [summarize("(a) GET /v1/health", health), summarize("(b) POST /v1/evidence/deployments", ingest)];
    console.log("");
    console.table(
      rows.map((row) => ({
        route: row.label,
        "requests/s": row.requestsPerSecond.toFixed(0),
        "p50 ms": row.p50,
        "p99 ms": row.p99,
        requests: row.total,
        "non-2xx": row.non2xx,
        errors: row.errors,
      })),
    );
    const [a, b] = rows as [Measured, Measured];
    const ratio = b.requestsPerSecond / a.requestsPerSecond;
    const tail = b.p99 / Math.max(b.p50, 1);
    console.log(`ratio (b)/(a) requests/s: ${ratio.toFixed(2)}  (target ≥ 0.50)`);
    console.log(`(b) p99/p50: ${tail.toFixed(2)}  (target < 4)`);
    if (b.non2xx > 0 || b.errors > 0) console.log("warning: (b) had non-2xx responses or errors; see the table");
  } finally {
    await environment.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
