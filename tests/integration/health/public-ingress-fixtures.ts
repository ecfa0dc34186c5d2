import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildPublicIngressObservationId } from "@/server/contracts/public-ingress-observation";
import type { PublicIngressObservationInput } from "@/server/services/public-ingress-observations";

export interface TestLane {
  product: string;
  context: string;
  instance: string;
}

export function laneOf(product: string, instance = "prod"): TestLane {
  return { product, context: `${product}-ctx`, instance };
}

type Status = "pass" | "fail" | "skipped";

/** A monitor observation of one lane check, as the monitor would send it. */
export function observationRequest(
  lane: TestLane,
  status: Status,
  observedAt: string,
  options: { checkName?: string; summary?: string; operationId?: string } = {},
): PublicIngressObservationInput {
  const checkName = options.checkName ?? "public-ingress";
  const failureCode = status === "fail" ? "health_status_error" : status === "skipped" ? "private_url" : null;
  const url = status === "skipped" ? "http://10.0.0.5/health" : `https://${lane.product}.example.com/health`;
  const summary = options.summary ?? (status === "pass" ? "HTTP 200" : status === "fail" ? "HTTP 503" : "private URL skipped");
  return {
    product: lane.product,
    operation_id: options.operationId,
    observation: {
      record_id: buildPublicIngressObservationId({ ...lane, observed_at: observedAt, check_name: checkName }),
      product: lane.product,
      repository: `example/${lane.product}`,
      driver_id: "generic-web",
      context: lane.context,
      instance: lane.instance,
      check_name: checkName,
      check_kind: "public_http",
      observed_at: observedAt,
      status,
      failure_code: failureCode,
      base_url: url.replace(/\/health$/, ""),
      health_url: url,
      targets: [
        {
          target: "health_url",
          url,
          status,
          failure_code: failureCode,
          http_status: status === "pass" ? 200 : status === "fail" ? 503 : null,
          summary,
        },
      ],
      summary,
    },
  };
}

/** `2026-05-07T16:<minute>:00Z` */
export function at(minute: number): string {
  return `2026-05-07T16:${String(minute).padStart(2, "0")}:00Z`;
}

export interface ReceivedRequest {
  path: string;
  method: string;
  contentType: string;
  body: unknown;
}

export interface WebhookReceiver {
  url(path: string): string;
  received: ReceivedRequest[];
  /** Called for every request before it is answered; returns the status code. */
  respond: (request: ReceivedRequest) => Promise<number> | number;
  close(): Promise<void>;
}

/** A real HTTP server on loopback standing in for a Discord webhook. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const receiver: WebhookReceiver = {
    url: () => "",
    received,
    respond: () => 204,
    close: () => Promise.resolve(),
  };
  const server: Server = createServer((request, response) => {
    void readBody(request).then(async (text) => {
      const entry: ReceivedRequest = {
        path: request.url ?? "",
        method: request.method ?? "",
        contentType: String(request.headers["content-type"] ?? ""),
        body: text ? JSON.parse(text) : null,
      };
      received.push(entry);
      let status = 500;
      try {
        status = await receiver.respond(entry);
      } finally {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(status === 204 ? undefined : JSON.stringify({ status }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = (path) => `http://127.0.0.1:${port}${path}`;
  receiver.close = () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return receiver;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
