import { randomBytes } from "node:crypto";

/** The random part; with the prefix a token is 1,024 characters, about as long as Exact's. */
const BODY_BYTES = 760;

/**
 * An access or refresh token shaped like Exact's: about a kilobyte of standard base64 with a "!"
 * in it, so it carries "!", "+" and "/" — characters a client must encode in a form body (a bare
 * "+" there is a space, and the token no longer matches).
 */
export function exactToken(): string {
  const body = randomBytes(BODY_BYTES).toString("base64").replace(/=+$/, "");
  let token = `${randomBytes(3).toString("base64")}!IAAAA${body}`;
  // A random body almost always has both; make sure every token does.
  if (!token.includes("+")) token = `${token.slice(0, 20)}+${token.slice(21)}`;
  if (!token.includes("/")) token = `${token.slice(0, 30)}/${token.slice(31)}`;
  return token;
}
