import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { loadFixture } from "./fixture/load-fixture";
import { SITES } from "./sites";
import { DEFAULT_FIXTURE, startExactSimulator } from "./start-exact-simulator";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe("the default fixture", () => {
  const fixture = loadFixture(DEFAULT_FIXTURE);

  test("every site has an app named Koppeling with a GUID client id and the portal's callback", () => {
    for (const site of SITES) {
      const app = fixture.apps.find((a) => a.site === site);
      expect(app, site).toBeDefined();
      expect(app?.clientId).toMatch(GUID);
      expect(app?.name).toBe("Koppeling");
      expect(app?.redirectUri).toBe("http://localhost:3000/api/exact/callback");
    }
  });

  test("the first user reaches '1 - Qics BV' and divisions that are inactive, archived and blocked", () => {
    const [first] = fixture.users;
    const divisions = fixture.divisions.filter((d) => first.divisions.includes(d.Code));
    expect(divisions.find((d) => d.Hid === "1")?.Description).toBe("Qics BV");
    expect(divisions.some((d) => d.Status === 0)).toBe(true);
    expect(divisions.some((d) => d.Status === 2)).toBe(true);
    expect(divisions.some((d) => d.BlockingStatus !== 0)).toBe(true);
    // CurrentDivision is not the main division: clients must not write to it.
    expect(divisions.find((d) => d.IsMainDivision)?.Code).not.toBe(first.currentDivision);
  });

  test("a second Qics user, and one whose division scope leaves out her CurrentDivision", () => {
    const jan = fixture.users.find((u) => u.userName === "jan.qics");
    const marieke = fixture.users[0];
    expect(jan?.divisions).toEqual(marieke.divisions);
    const ilse = fixture.users.find((u) => u.userName === "ilse.qics");
    expect(ilse?.divisionScope?.length).toBeGreaterThan(0);
    expect(ilse?.divisionScope).not.toContain(ilse?.currentDivision);
  });

  test("one user has enough divisions for three pages of 60", () => {
    expect(fixture.users.some((u) => u.divisions.length > 120)).toBe(true);
  });
});

describe("fixture validation", () => {
  const write = (
    mutate: (
      f: Record<string, never> & {
        apps: { redirectUri: string }[];
        users: { divisions: number[] }[];
        divisions: unknown[];
      },
    ) => void,
  ) => {
    const fixture = JSON.parse(readFileSync(DEFAULT_FIXTURE, "utf8"));
    mutate(fixture);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "exact-sim-fixture-")), "fixture.json");
    writeFileSync(file, JSON.stringify(fixture));
    return file;
  };

  test("a redirect URI with a query string is rejected", () => {
    const file = write((f) => {
      f.apps[0].redirectUri = "https://app.example/callback?x=1";
    });
    expect(() => loadFixture(file)).toThrow(/redirectUri/);
  });

  test("a user with an unknown division, or a duplicate division code, is rejected", () => {
    expect(() => loadFixture(write((f) => f.users[0].divisions.push(99)))).toThrow(/unknown division 99/);
    expect(() => loadFixture(write((f) => f.divisions.push(f.divisions[0])))).toThrow(/duplicate division Code/);
    expect(() =>
      loadFixture(
        write((f) => {
          (f.users[0] as { divisionScope?: number[] }).divisionScope = [2340001, 98];
        }),
      ),
    ).toThrow(/unknown division 98 in divisionScope/);
  });

  test("the redirectUri option must be a valid redirect URI", async () => {
    await expect(startExactSimulator({ port: 0, stateFile: null, redirectUri: "javascript:alert(1)" })).rejects.toThrow(
      /redirectUri/,
    );
  });
});
