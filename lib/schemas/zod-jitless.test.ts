import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { globalConfig } from "zod/v4/core";

/** Every .ts/.tsx source file under `dir`, tests left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => path.join(dir, f));
}

describe("zod without eval", () => {
  test("a schema module, once loaded, has zod configured jitless", async () => {
    await import("./users");
    expect(globalConfig.jitless).toBe(true);
  });

  // The CSP forbids eval; a module that builds schemas with z but skips the jitless import would
  // let zod's eval probe run in the browser.
  test("every module that imports z from zod as a value also imports zod-jitless", () => {
    const offenders = ["app", "components", "lib"].flatMap(sources).filter((file) => {
      const text = readFileSync(file, "utf8");
      return /^import \{[^}]*\bz\b[^}]*\} from "zod";/m.test(text) && !/^import "[^"]*zod-jitless";/m.test(text);
    });
    expect(offenders).toEqual([]);
  });
});
