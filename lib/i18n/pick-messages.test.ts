import { describe, expect, test } from "vitest";
import nl from "@/messages/nl.json";
import { mergeMessages, pickMessages } from "./pick-messages";

const catalog = {
  header: { language: "Taal", roles: { admin: "Beheerder", viewer: "Teamleider" } },
  overview: { title: "Overzicht", notLinked: "Niet gekoppeld" },
  errors: { unexpected: "Er ging iets mis." },
};

describe("pickMessages", () => {
  test("whole namespaces, as they are", () => {
    expect(pickMessages(catalog, ["header", "errors"])).toEqual({ header: catalog.header, errors: catalog.errors });
  });

  test("one branch or one message of a namespace, nested as in the catalog", () => {
    expect(pickMessages(catalog, ["header.roles", "overview.notLinked"])).toEqual({
      header: { roles: { admin: "Beheerder", viewer: "Teamleider" } },
      overview: { notLinked: "Niet gekoppeld" },
    });
  });

  test("two paths into one namespace are merged", () => {
    expect(pickMessages(catalog, ["overview.title", "overview.notLinked"])).toEqual({
      overview: { title: "Overzicht", notLinked: "Niet gekoppeld" },
    });
  });

  test("a path the catalog lacks is left out; nothing asked, nothing given", () => {
    expect(pickMessages(catalog, ["nope", "header.nope", "header.language.deeper"])).toEqual({});
    expect(pickMessages(catalog, [])).toEqual({});
  });

  test("the catalog itself is not changed", () => {
    const before = JSON.stringify(nl);
    pickMessages(nl, ["header", "header.roles", "errors"]);
    expect(JSON.stringify(nl)).toBe(before);
  });
});

describe("mergeMessages", () => {
  test("adds namespaces, and branches into a namespace both have", () => {
    const base = { header: { language: "Taal" }, errors: { unexpected: "Er ging iets mis." } };
    const more = { header: { roles: { admin: "Beheerder" } }, users: { title: "Gebruikers" } };
    expect(mergeMessages(base, more)).toEqual({
      header: { language: "Taal", roles: { admin: "Beheerder" } },
      errors: { unexpected: "Er ging iets mis." },
      users: { title: "Gebruikers" },
    });
    expect(base).toEqual({ header: { language: "Taal" }, errors: { unexpected: "Er ging iets mis." } });
  });

  test("a message in both: the added one counts", () => {
    expect(mergeMessages({ app: { name: "Oud" } }, { app: { name: "Nieuw" } })).toEqual({ app: { name: "Nieuw" } });
  });
});
