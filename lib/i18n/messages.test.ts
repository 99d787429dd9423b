import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { auditPeriodSchema } from "@/lib/schemas/audit-filter";
import { changePasswordSchema, createUserSchema, signInSchema } from "@/lib/schemas/users";
import en from "@/messages/en.json";
import nl from "@/messages/nl.json";
import { LOCALES } from "./locales";

type Tree = { [key: string]: string | Tree };

/** Every leaf of a message tree as a dotted key. */
function leafKeys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : leafKeys(value, `${prefix}${key}.`),
  );
}

const catalogs: Record<(typeof LOCALES)[number], Tree> = { nl, en };

describe("messages/*.json", () => {
  test("there is one catalog per locale", () => {
    expect(Object.keys(catalogs).sort()).toEqual([...LOCALES].sort());
  });

  test("nl and en have exactly the same keys", () => {
    const nlKeys = leafKeys(nl);
    const enKeys = leafKeys(en);
    expect({
      missingInEn: nlKeys.filter((k) => !enKeys.includes(k)),
      missingInNl: enKeys.filter((k) => !nlKeys.includes(k)),
    }).toEqual({
      missingInEn: [],
      missingInNl: [],
    });
    expect(nlKeys.length).toBeGreaterThan(0);
  });

  test.each(LOCALES)("no message in %s is empty", (locale) => {
    const empty = leafKeys(catalogs[locale]).filter((k) => {
      const value = k.split(".").reduce<string | Tree>((node, part) => (node as Tree)[part], catalogs[locale]);
      return typeof value !== "string" || value.trim() === "";
    });
    expect(empty).toEqual([]);
  });

  test("every message key a form schema can produce is translated under validation.*", () => {
    const bad = [
      signInSchema.safeParse({ email: "", password: "" }),
      signInSchema.safeParse({ email: "x", password: "x".repeat(201) }),
      createUserSchema.safeParse({ email: `${"a".repeat(260)}@x.nl`, name: "", role: "x", password: "short" }),
      createUserSchema.safeParse({ email: "nope", name: "n".repeat(101), role: "viewer" }),
      changePasswordSchema.safeParse({ currentPassword: "", newPassword: "short", confirmPassword: "x" }),
      changePasswordSchema.safeParse({
        currentPassword: "a".repeat(12),
        newPassword: "a".repeat(12),
        confirmPassword: "a".repeat(12),
      }),
      auditPeriodSchema.safeParse({ from: "31-2-2016", to: "" }),
      auditPeriodSchema.safeParse({ from: "5-7-2016", to: "2-7-2016" }),
    ];
    const produced = new Set(bad.flatMap((r) => (r.success ? [] : r.error.issues.map((i) => i.message))));
    expect(produced.size).toBeGreaterThanOrEqual(9);
    for (const locale of LOCALES) {
      const known = leafKeys(catalogs[locale]);
      expect([...produced].filter((m) => !known.includes(`validation.${m}`))).toEqual([]);
    }
  });

  test("every AppError code thrown in lib/ and app/ is translated under errors.*", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const codes = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts")) {
          for (const m of readFileSync(full, "utf8").matchAll(/new AppError\("(\w+)"/g)) codes.add(m[1]);
        }
      }
    };
    walk(path.join(root, "lib"));
    walk(path.join(root, "app"));
    expect(codes.size).toBeGreaterThan(0);
    for (const locale of LOCALES) {
      const known = leafKeys(catalogs[locale]);
      expect([...codes].filter((c) => !known.includes(`errors.${c}`))).toEqual([]);
    }
  });
});
