import { describe, expect, test } from "vitest";
import { decodeDivisionCursor, encodeDivisionCursor } from "./division-cursor";

describe("the divisions cursor", () => {
  const id = "3f2a7c1e-9b4d-4e8a-a1f0-0c6d2b7e9a15";

  test.each([
    { code: "100", administration: "ONLINE", id },
    { code: null, administration: "LEEG", id },
    { code: 'Ö/ü "quoted"', administration: null, id },
  ])("round-trips %j", (position) => {
    const cursor = encodeDivisionCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeDivisionCursor(cursor)).toEqual(position);
  });

  test.each([
    ["not base64url", "abc+/="],
    ["not JSON", Buffer.from("nope").toString("base64url")],
    ["an object", Buffer.from(JSON.stringify({ code: "1" })).toString("base64url")],
    ["no uuid", Buffer.from(JSON.stringify(["1", null, "42"])).toString("base64url")],
    ["a number for a code", Buffer.from(JSON.stringify([1, null, id])).toString("base64url")],
    ["empty", ""],
  ])("refuses %s", (_name, cursor) => {
    expect(decodeDivisionCursor(cursor)).toBeNull();
  });
});
