import { randomBytes } from "node:crypto";

/** A random, URL-safe secret: codes, tokens, session ids, pending-request ids. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
