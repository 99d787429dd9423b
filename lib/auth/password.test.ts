import { describe, expect, test } from "vitest";
import { generatePassword, hashLimit, hashPassword, MAX_CONCURRENT_HASHES, verifyPassword } from "./password";

const LOOK_ALIKES = ["0", "O", "o", "1", "l", "I"];

describe("generatePassword", () => {
  test("is 20 characters by default, or the length asked for", () => {
    expect(generatePassword()).toHaveLength(20);
    expect(generatePassword(32)).toHaveLength(32);
    expect(generatePassword(1)).toHaveLength(1);
  });

  test("uses only letters and digits, never a look-alike character", () => {
    const sample = Array.from({ length: 200 }, () => generatePassword()).join("");
    expect(sample).toMatch(/^[a-zA-Z2-9]+$/);
    for (const c of LOOK_ALIKES) expect(sample).not.toContain(c);
  });

  test("draws from the whole alphabet: lower case, upper case and digits all occur", () => {
    const seen = new Set(Array.from({ length: 500 }, () => generatePassword()).join(""));
    // 26 + 26 + 8 digits (2-9), minus the look-alikes l, o, I, O.
    expect(seen.size).toBe(26 + 26 + 8 - 4);
  });

  test("is random: a thousand passwords are all different, and characters are roughly uniform", () => {
    const passwords = Array.from({ length: 1000 }, () => generatePassword());
    expect(new Set(passwords).size).toBe(1000);
    const counts = new Map<string, number>();
    for (const c of passwords.join("")) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = 20_000 / counts.size; // ≈ 351 per character
    for (const n of counts.values()) {
      expect(n).toBeGreaterThan(expected * 0.6);
      expect(n).toBeLessThan(expected * 1.4);
    }
  });
});

describe("verifyPassword", () => {
  test("accepts the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("a-long-password-1");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain("a-long-password-1");
    expect(await verifyPassword(hash, "a-long-password-1")).toBe(true);
    expect(await verifyPassword(hash, "a-long-password-2")).toBe(false);
    expect(await verifyPassword(hash, "")).toBe(false);
  });

  test.each([
    "",
    "not-a-hash",
    "$argon2id$v=19$m=19456,t=2,p=1$garbage",
    "$2b$10$abcdefghijklmnopqrstuuOq8hY0pQ6nFQ1xX1Xk3Qm3Qm3Qm3Qm3",
  ])("returns false, does not throw, on the malformed hash %j", async (hash) => {
    await expect(verifyPassword(hash, "anything")).resolves.toBe(false);
  });
});

describe("how many hashes run at once", () => {
  test(`a burst of 12 verifications runs ${MAX_CONCURRENT_HASHES} at a time, and every one is answered`, async () => {
    const stored = await hashPassword("the-right-password");
    let most = 0;
    const watch = setInterval(() => {
      most = Math.max(most, hashLimit.activeCount);
    }, 1);
    const burst = Array.from({ length: 12 }, (_, i) =>
      verifyPassword(stored, i === 0 ? "the-right-password" : "wrong"),
    );
    // Right after the burst is sent, only the first few are computing; the rest wait their turn.
    expect(hashLimit.activeCount).toBe(MAX_CONCURRENT_HASHES);
    expect(hashLimit.pendingCount).toBe(12 - MAX_CONCURRENT_HASHES);
    const results = await Promise.all(burst);
    clearInterval(watch);
    expect(results).toEqual([true, ...Array(11).fill(false)]);
    expect(most).toBeLessThanOrEqual(MAX_CONCURRENT_HASHES);
    expect(hashLimit.activeCount + hashLimit.pendingCount).toBe(0);
  });
});
