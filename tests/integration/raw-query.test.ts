import { describe, expect, test } from "vitest";
import { getDb, getSql } from "@/db/client";
import { col, rawCursor, rawQuery } from "@/db/raw-query";

// Through the portal's shared client, which drizzle has told to leave timestamps as text: a
// raw query's declared types are what its parsers make, or it fails naming the column.
describe("rawQuery on the shared client", () => {
  test("timestamps become Dates, bigint counts and numeric sums numbers, json objects, null stays null", async () => {
    getDb(); // drizzle takes over the client's parsers at its first use, as in the portal
    const sql = getSql();
    const [row] = await rawQuery(
      {
        at: col.timestamp,
        never: col.nullable(col.timestamp),
        n: col.integer,
        total: col.integer,
        ratio: col.number,
        values: col.json<{ code: string }>(),
        state: col.oneOf(["active", "error"] as const),
        ok: col.boolean,
      },
      sql`select '2016-07-02T10:00:00Z'::timestamptz as at, null::timestamptz as never,
        (select count(*) from generate_series(1, 3)) as n, (select sum(x) from generate_series(1, 4) x) as total,
        1.5::numeric as ratio, '{"code": "x"}'::jsonb as values, 'error' as state, true as ok`,
    );
    expect(row).toEqual({
      at: new Date("2016-07-02T10:00:00Z"),
      never: null,
      n: 3,
      total: 10,
      ratio: 1.5,
      values: { code: "x" },
      state: "error",
      ok: true,
    });
    // What the driver hands over without the parsers: the lie the types used to tell.
    const [plain] =
      await sql`select '2016-07-02T10:00:00Z'::timestamptz as at, count(*) as n from generate_series(1, 3)`;
    expect(typeof plain.at).toBe("string");
    expect(typeof plain.n).toBe("string");
  });

  test("a value its column cannot be is refused with the column's name, not passed on", async () => {
    const sql = getSql();
    await expect(rawQuery({ at: col.timestamp }, sql`select 'not a time' as at`)).rejects.toThrow(
      "column at is not a timestamp",
    );
    await expect(rawQuery({ at: col.timestamp }, sql`select null::timestamptz as at`)).rejects.toThrow(
      "column at is not a timestamp",
    );
    await expect(rawQuery({ n: col.integer }, sql`select 9007199254740993::bigint as n`)).rejects.toThrow(
      "column n is not a whole number",
    );
    await expect(rawQuery({ s: col.oneOf(["active"] as const) }, sql`select 'lost' as s`)).rejects.toThrow(
      "column s is not one of active",
    );
  });

  test("a cursor parses every batch", async () => {
    const sql = getSql();
    const batches: { at: Date }[][] = [];
    for await (const rows of rawCursor(
      { at: col.timestamp },
      sql`select now() - make_interval(days => x) as at from generate_series(1, 5) x`,
      2,
    )) {
      batches.push(rows);
    }
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    for (const b of batches) for (const r of b) expect(r.at).toBeInstanceOf(Date);
  });
});
