import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { SecretDecryptError } from "./secret-box";
import {
  accessTokenColumn,
  proxyPasswordColumn,
  refreshTokenColumn,
  resealSecret,
  webhookSecretColumn,
} from "./secret-columns";

beforeAll(() => {
  process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
});

describe("secret columns", () => {
  test("a sealed value opens in its own column and row", () => {
    const stored = refreshTokenColumn.seal("row-1", "refresh!+/token");
    expect(stored).not.toContain("refresh");
    expect(refreshTokenColumn.open("row-1", stored)).toBe("refresh!+/token");
  });

  test.each([
    ["another row of the same column", () => refreshTokenColumn.open("row-2", refreshTokenColumn.seal("row-1", "x"))],
    ["another column of the same row", () => accessTokenColumn.open("row-1", refreshTokenColumn.seal("row-1", "x"))],
    ["another table", () => proxyPasswordColumn.open("row-1", accessTokenColumn.seal("row-1", "x"))],
    ["the webhook secret's column", () => webhookSecretColumn.open("row-1", proxyPasswordColumn.seal("row-1", "x"))],
  ])("does not open in %s", (_, open) => {
    expect(open).toThrow(SecretDecryptError);
  });

  test("resealing keeps the plaintext and makes a new ciphertext", () => {
    const stored = proxyPasswordColumn.seal("a", "geheim");
    const resealed = resealSecret(proxyPasswordColumn, "a", stored);
    expect(resealed).not.toBe(stored);
    expect(proxyPasswordColumn.open("a", resealed)).toBe("geheim");
  });
});
