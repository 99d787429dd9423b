import "server-only";
import { randomInt } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import pLimit from "p-limit";

/**
 * Password hashes computed at once in this process; the others wait their turn. argon2 is
 * expensive on purpose (19 MiB and a core's time each): a burst of sign-ins must queue, not
 * take all the memory and every core of the portal.
 */
export const MAX_CONCURRENT_HASHES = 4;
export const hashLimit = pLimit(MAX_CONCURRENT_HASHES);

// argon2id is the package's default algorithm; the parameters are its defaults
// (19 MiB, 2 passes), OWASP's minimum recommendation for argon2id.
export function hashPassword(password: string): Promise<string> {
  return hashLimit(() => hash(password));
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return hashLimit(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      // `verify` throws on a malformed hash: that is a failed sign-in, not a crash.
      return false;
    }
  });
}

// No look-alike characters (0/O, 1/l/I), so a password read off a console can be typed.
const ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function generatePassword(length = 20): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
