import pino from "pino";
import { serializeError } from "./safe-error";

// Server log. Anything that might hold a secret is redacted by path as a second line of
// defence; the first is never passing secrets to the logger at all.
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  serializers: { err: serializeError, error: serializeError },
  redact: {
    paths: [
      "password",
      "*.password",
      "passwordHash",
      "*.passwordHash",
      "accessToken",
      "refreshToken",
      "*.accessToken",
      "*.refreshToken",
      "clientSecret",
      "*.clientSecret",
      "headers.authorization",
      "headers.cookie",
    ],
    censor: "[redacted]",
  },
});
