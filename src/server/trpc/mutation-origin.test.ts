import { describe, expect, it } from "vitest";
import { CSRF_HEADER, mutationOriginProblem } from "@/server/trpc/mutation-origin";

function headers(values: Record<string, string>): Headers {
  return new Headers({ [CSRF_HEADER]: "1", host: "console.example.com", ...values });
}

describe("mutationOriginProblem", () => {
  it("accepts a same-origin browser mutation", () => {
    expect(
      mutationOriginProblem(headers({ origin: "https://console.example.com", "sec-fetch-site": "same-origin" })),
    ).toBeNull();
  });

  it("accepts a same-origin request on a non-default port (loopback dev/test servers)", () => {
    expect(mutationOriginProblem(headers({ host: "127.0.0.1:41234", origin: "http://127.0.0.1:41234" }))).toBeNull();
  });

  it("refuses a mutation without the custom header, even from the right origin", () => {
    const request = new Headers({ host: "console.example.com", origin: "https://console.example.com" });
    expect(mutationOriginProblem(request)).toBe(`the ${CSRF_HEADER} header is missing`);
  });

  it("refuses a header with another value", () => {
    expect(mutationOriginProblem(headers({ [CSRF_HEADER]: "yes", origin: "https://console.example.com" }))).toBe(
      `the ${CSRF_HEADER} header is missing`,
    );
  });

  it("refuses another origin", () => {
    expect(mutationOriginProblem(headers({ origin: "https://evil.example.net" }))).toBe(
      "origin https://evil.example.net is not this console",
    );
  });

  it("refuses a look-alike host that merely starts with ours", () => {
    expect(mutationOriginProblem(headers({ origin: "https://console.example.com.evil.net" }))).toBe(
      "origin https://console.example.com.evil.net is not this console",
    );
  });

  it("refuses the same host on another port", () => {
    expect(mutationOriginProblem(headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3001" }))).toBe(
      "origin http://127.0.0.1:3001 is not this console",
    );
  });

  it("refuses a cross-site fetch the browser labels as such", () => {
    expect(
      mutationOriginProblem(headers({ origin: "https://console.example.com", "sec-fetch-site": "cross-site" })),
    ).toBe("a cross-site request cannot change anything");
    expect(
      mutationOriginProblem(headers({ origin: "https://console.example.com", "sec-fetch-site": "same-site" })),
    ).toBe("a same-site request cannot change anything");
  });

  it("refuses a request that names no origin at all", () => {
    expect(mutationOriginProblem(headers({}))).toBe("the request names no origin");
    expect(mutationOriginProblem(headers({ origin: "null" }))).toBe("the request names no origin");
  });

  it("falls back to the Referer when Origin is absent", () => {
    expect(mutationOriginProblem(headers({ referer: "https://console.example.com/products?x=1" }))).toBeNull();
    expect(mutationOriginProblem(headers({ referer: "https://evil.example.net/page" }))).toBe(
      "origin https://evil.example.net is not this console",
    );
  });

  it("compares with the forwarded host behind a proxy", () => {
    expect(
      mutationOriginProblem(headers({ host: "10.0.0.5:3000", "x-forwarded-host": "console.example.com", origin: "https://console.example.com" })),
    ).toBeNull();
  });

  it("accepts a configured trusted origin (AUTH_URL) and nothing looser", () => {
    const request = headers({ host: "10.0.0.5:3000", origin: "https://console.example.com" });
    expect(mutationOriginProblem(request)).toBe("origin https://console.example.com is not this console");
    expect(mutationOriginProblem(request, { trustedOrigins: ["https://console.example.com/"] })).toBeNull();
    expect(mutationOriginProblem(request, { trustedOrigins: ["http://console.example.com"] })).toBe(
      "origin https://console.example.com is not this console",
    );
  });
});
