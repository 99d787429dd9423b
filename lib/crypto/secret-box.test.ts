import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { parseKeyring } from "./keyring";
import { decryptSecret, encryptSecret, needsReencryption, SecretDecryptError } from "./secret-box";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");
let saved: string | undefined;
beforeEach(() => {
  saved = process.env.ENCRYPTION_KEY;
  process.env.ENCRYPTION_KEY = keyA;
});
afterEach(() => {
  process.env.ENCRYPTION_KEY = saved;
});

describe("encryptSecret / decryptSecret", () => {
  test("round trip, and the ciphertext holds neither the plaintext nor the key", () => {
    const stored = encryptSecret("refresh-token-value", "ctx:1");
    expect(stored).not.toContain("refresh-token-value");
    expect(stored).not.toContain(keyA);
    expect(stored.split(":")).toHaveLength(5);
    expect(decryptSecret(stored, "ctx:1")).toBe("refresh-token-value");
  });

  test("a random IV: the same value encrypts differently each time", () => {
    expect(encryptSecret("same", "c")).not.toBe(encryptSecret("same", "c"));
  });

  test("tampering with any part is detected", () => {
    const stored = encryptSecret("secret", "c");
    const parts = stored.split(":");
    for (const i of [2, 3, 4]) {
      const p = [...parts];
      const bytes = Buffer.from(p[i], "base64url");
      bytes[0] ^= 1;
      p[i] = bytes.toString("base64url");
      expect(() => decryptSecret(p.join(":"), "c")).toThrow(SecretDecryptError);
    }
  });

  test("a ciphertext moved to another record (other context) does not decrypt", () => {
    const stored = encryptSecret("secret", "oauth_logins.refresh_token:1");
    expect(() => decryptSecret(stored, "oauth_logins.refresh_token:2")).toThrow(SecretDecryptError);
  });

  test("key rotation: a new first key encrypts, the old one still decrypts", () => {
    const old = encryptSecret("secret", "c");
    process.env.ENCRYPTION_KEY = `${keyB},${keyA}`;
    expect(decryptSecret(old, "c")).toBe("secret");
    expect(needsReencryption(old)).toBe(true);
    const fresh = encryptSecret("secret", "c");
    expect(needsReencryption(fresh)).toBe(false);
    process.env.ENCRYPTION_KEY = keyB;
    expect(() => decryptSecret(old, "c")).toThrow(/not in ENCRYPTION_KEY/);
  });

  test("errors never carry the secret", () => {
    const stored = encryptSecret("do-not-leak", "c");
    // The error is caught outside the expectation: an assertion thrown inside a try would be
    // swallowed by its own catch, and the test could not fail.
    let error: unknown = null;
    try {
      decryptSecret(stored, "other");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).not.toContain("do-not-leak");
    expect((error as Error).stack ?? "").not.toContain("do-not-leak");
  });
});

describe("parseKeyring", () => {
  test.each([
    ["", /not set/],
    ["c2hvcnQ=", /not 32 bytes/],
    [`${randomBytes(32).toString("base64")},nope`, /entry 2/],
  ])("%j is refused", (value, message) => {
    expect(() => parseKeyring(value)).toThrow(message);
  });

  test("ids are stable and differ per key", () => {
    const [a, b] = parseKeyring(`${keyA},${keyB}`);
    expect(a.id).toMatch(/^[0-9a-f]{8}$/);
    expect(a.id).not.toBe(b.id);
    expect(parseKeyring(keyA)[0].id).toBe(a.id);
  });
});
