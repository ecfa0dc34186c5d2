import { describe, expect, it } from "vitest";

import {
  RuntimeEnvironmentDeleteEvent,
  RuntimeEnvironmentRecord,
  summarizeRuntimeEnvironment,
} from "./runtime-environment";

// Shape used by the upstream config-status service test.
const record = {
  scope: "instance",
  context: "example-site",
  instance: "prod",
  env: { INTERNAL_CALLBACK_URL: "https://internal.example-site.invalid", WORKERS: 4, DEBUG: false },
  updated_at: "2026-05-02T22:32:00Z",
  source_label: "test",
};
const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe("RuntimeEnvironmentRecord", () => {
  it("accepts scalar settings and fills defaults", () => {
    const parsed = RuntimeEnvironmentRecord.parse(record);
    expect(parsed.schema_version).toBe(1);
    expect(parsed.env.WORKERS).toBe(4);
    expect(RuntimeEnvironmentRecord.parse({ scope: "global", env: { A: "1" }, updated_at: "t" }).context).toBe("");
  });

  it("rejects unknown fields and non-scalar values", () => {
    expect(RuntimeEnvironmentRecord.safeParse({ ...record, secrets: {} }).success).toBe(false);
    expect(RuntimeEnvironmentRecord.safeParse({ ...record, env: { A: null } }).success).toBe(false);
    expect(RuntimeEnvironmentRecord.safeParse({ ...record, env: { A: ["x"] } }).success).toBe(false);
    expect(RuntimeEnvironmentRecord.safeParse({ ...record, scope: "context_instance" }).success).toBe(false);
  });

  it("strips keys, rejects blank keys and empty env", () => {
    expect(Object.keys(RuntimeEnvironmentRecord.parse({ ...record, env: { " A ": "1" } }).env)).toEqual(["A"]);
    expect(messages(RuntimeEnvironmentRecord.safeParse({ ...record, env: { " ": "1" } }))).toContain(
      "runtime environment record env keys must be non-empty",
    );
    expect(messages(RuntimeEnvironmentRecord.safeParse({ ...record, env: {} }))).toContain(
      "runtime environment record requires at least one env value",
    );
    expect(messages(RuntimeEnvironmentRecord.safeParse({ ...record, updated_at: " " }))).toContain(
      "runtime environment record requires updated_at",
    );
  });

  it("summarizes keys without values", () => {
    const summary = summarizeRuntimeEnvironment(RuntimeEnvironmentRecord.parse(record));
    expect(summary.env_keys).toEqual(["DEBUG", "INTERNAL_CALLBACK_URL", "WORKERS"]);
    expect(summary.env_value_count).toBe(3);
    expect(JSON.stringify(summary)).not.toContain("internal.example-site.invalid");
  });
});

describe("RuntimeEnvironmentDeleteEvent", () => {
  const event = {
    event_id: "runtime-env-delete-example-site-prod-1",
    recorded_at: "2026-05-03T10:00:00Z",
    scope: "instance",
    context: "example-site",
    instance: "prod",
    env_keys: ["INTERNAL_CALLBACK_URL"],
    env_value_count: 1,
  };

  it("accepts a matching event", () => {
    expect(RuntimeEnvironmentDeleteEvent.parse(event).event_type).toBe("deleted");
  });

  it("enforces scope shape and key count", () => {
    expect(messages(RuntimeEnvironmentDeleteEvent.safeParse({ ...event, scope: "global" }))).toContain(
      "global runtime environment delete event cannot set context/instance",
    );
    expect(messages(RuntimeEnvironmentDeleteEvent.safeParse({ ...event, scope: "context" }))).toContain(
      "context runtime environment delete event requires context only",
    );
    expect(messages(RuntimeEnvironmentDeleteEvent.safeParse({ ...event, instance: "" }))).toContain(
      "instance runtime environment delete event requires context and instance",
    );
    expect(messages(RuntimeEnvironmentDeleteEvent.safeParse({ ...event, env_value_count: 2 }))).toContain(
      "runtime environment delete event key count must match env_keys",
    );
    expect(RuntimeEnvironmentDeleteEvent.safeParse({ ...event, env_value_count: "1" }).success).toBe(false);
  });
});
