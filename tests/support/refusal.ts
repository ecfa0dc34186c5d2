import { expect } from "vitest";
import { isLaunchplaneError, type LaunchplaneError } from "@/server/errors";

/**
 * The LaunchplaneError that `work` must be refused with. Fails the test when
 * the call succeeds; anything other than a LaunchplaneError is rethrown as is,
 * so an unexpected crash shows its own stack.
 */
export async function refusal(work: Promise<unknown> | (() => Promise<unknown>)): Promise<LaunchplaneError> {
  try {
    await (typeof work === "function" ? work() : work);
  } catch (error) {
    if (isLaunchplaneError(error)) return error;
    throw error;
  }
  throw new Error("expected a LaunchplaneError, but the call succeeded");
}

/** Runs `work`, expecting a LaunchplaneError with `code` (and a message matching `message`); returns it. */
export async function expectRefusal(
  work: Promise<unknown> | (() => Promise<unknown>),
  code: string,
  message?: RegExp | string,
): Promise<LaunchplaneError> {
  const error = await refusal(work);
  expect(error.code).toBe(code);
  if (message !== undefined) expect(error.message).toMatch(message);
  return error;
}
