import { describe, expect, it } from "vitest";
import { publicRequestUrl } from "@/server/auth/public-url";

describe("publicRequestUrl", () => {
  it("uses the Host the browser sent instead of the listen address", () => {
    const url = publicRequestUrl("http://localhost:3000/api/auth/callback/github?code=1", new Headers({ host: "127.0.0.1:41234" }));
    expect(url.toString()).toBe("http://127.0.0.1:41234/api/auth/callback/github?code=1");
  });

  it("prefers the forwarded host and protocol of a TLS-terminating proxy", () => {
    const headers = new Headers({ host: "10.0.0.5:3000", "x-forwarded-host": "console.example.com", "x-forwarded-proto": "https" });
    expect(publicRequestUrl("http://localhost:3000/sign-in", headers).toString()).toBe("https://console.example.com/sign-in");
  });

  it("takes the first value of a forwarded list and ignores a strange protocol", () => {
    const headers = new Headers({ "x-forwarded-host": "console.example.com, proxy.internal", "x-forwarded-proto": "gopher" });
    expect(publicRequestUrl("http://localhost:3000/", headers).toString()).toBe("http://console.example.com/");
  });
});

describe("publicRequestUrl without usable headers", () => {
  it("keeps the request URL when no host is named", () => {
    expect(publicRequestUrl("http://localhost:3000/a?b=1", new Headers()).toString()).toBe("http://localhost:3000/a?b=1");
  });

  it("keeps the request URL when the named host is not a host", () => {
    expect(publicRequestUrl("http://localhost:3000/a", new Headers({ host: "bad host/with spaces" })).toString()).toBe(
      "http://localhost:3000/a",
    );
  });
});
