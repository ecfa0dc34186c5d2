import pino from "pino";

/**
 * JSON-lines logger. Callers log identifiers, routes, codes and durations;
 * never bodies, tokens or secret values (the redact list is a second net).
 */
export const logger = pino({
  level: process.env.LAUNCHPLANE_LOG_LEVEL ?? "info",
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  redact: {
    paths: ["authorization", "token", "*.authorization", "*.token", "*.plaintext", "*.ciphertext", "*.secret"],
    censor: "[redacted]",
  },
});
