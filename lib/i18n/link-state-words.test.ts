import { describe, expect, test } from "vitest";
import { ROW_STATES } from "@/lib/schemas/overview-params";
import en from "@/messages/en.json";
import nl from "@/messages/nl.json";
import type { LinkStateKey, LoginStatus } from "./describe-login-state";

// One word per state, per language: the badge, the count tiles, the filter, the sentence of the
// CSV and the API, the notifications and the audit log all take it from linkState.*.

type Tree = { [key: string]: string | Tree };
const catalogs = { nl, en } as unknown as Record<"nl" | "en", Tree>;
const LOGIN_STATUSES: LoginStatus[] = ["pending", "active", "expiring", "needs_reauth", "error"];
const EVERY_STATE: LinkStateKey[] = [...new Set<LinkStateKey>([...LOGIN_STATUSES, ...ROW_STATES])];

const words = (locale: "nl" | "en") => catalogs[locale].linkState as Record<string, unknown>;

function leaves(tree: Tree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === "string" ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`),
  );
}

describe("linkState.* (the state words)", () => {
  test("both languages name the same states", () => {
    expect(Object.keys(words("nl")).sort()).toEqual(Object.keys(words("en")).sort());
  });

  test.each(["nl", "en"] as const)(
    "%s has exactly one word for every state, and no word for a state that is not",
    (l) => {
      expect(Object.keys(words(l)).sort()).toEqual([...EVERY_STATE].sort());
    },
  );

  test.each(["nl", "en"] as const)("in %s each word is plain text (no placeholders) and belongs to one state", (l) => {
    const values = Object.values(words(l));
    for (const v of values) {
      expect(typeof v).toBe("string");
      expect((v as string).trim()).not.toBe("");
      expect(v).not.toMatch(/[{}<>]/);
    }
    expect(new Set(values).size).toBe(values.length);
  });

  // The old second and third sets of words are gone: a state is not said twice, differently.
  test.each(["nl", "en"] as const)("%s keeps no other set of state words", (l) => {
    const keys = leaves(catalogs[l]).map(([k]) => k);
    const retired = keys.filter((k) =>
      /^(overview\.states\.|oauthLogins\.status\.|loginState\.(active|pending|error|needsReauth)$)/.test(k),
    );
    expect(retired).toEqual([]);
  });

  test("the sentence forms take the state's word, they do not spell it again", () => {
    for (const l of ["nl", "en"] as const) {
      const sentences = leaves(catalogs[l]).filter(([k]) => k.startsWith("loginState."));
      for (const [, text] of sentences)
        for (const word of Object.values(words(l)) as string[]) expect(text.startsWith(`${word}:`)).toBe(false);
    }
  });
});
