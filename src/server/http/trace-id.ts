import { randomBytes } from "node:crypto";

export const TRACE_ID_PATTERN = /^launchplane_req_[0-9a-f]{32}$/;

/** `launchplane_req_` followed by 32 hex characters. */
export function newTraceId(): string {
  return `launchplane_req_${randomBytes(16).toString("hex")}`;
}
