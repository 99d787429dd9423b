import "server-only";
import type postgres from "postgres";

// The one way to run raw SQL: a query's rows are parsed by the columns it declares, so the
// type a caller sees is the type the parser made, never a promise the driver does not keep.
// drizzle's postgres-js driver turns the shared client's own parsing of timestamps off (it
// parses them itself), so a raw query hands them back as text; PostgreSQL's bigint (count,
// sum) and numeric come back as text on purpose, since a JavaScript number may not hold them.
// A value the column cannot be throws here, naming the column, instead of as an
// "Invalid time value" in whichever page happens to format it.

export type Column<T> = (value: unknown, name: string) => T;
export type Columns = Record<string, Column<unknown>>;
export type RowOf<C extends Columns> = { [K in keyof C]: ReturnType<C[K]> };

export class RawColumnError extends Error {
  constructor(name: string, expected: string, value: unknown) {
    super(`raw query: column ${name} is not ${expected} (${typeof value})`);
    this.name = "RawColumnError";
  }
}

function timestamp(value: unknown, name: string): Date {
  const at = value instanceof Date ? value : typeof value === "string" ? new Date(value) : null;
  if (!at || Number.isNaN(at.getTime())) throw new RawColumnError(name, "a timestamp", value);
  return at;
}

/** bigint, int and numeric alike, as a number: refused when it would not be exact. */
function integer(value: unknown, name: string): number {
  const n =
    typeof value === "number" ? value : typeof value === "string" || typeof value === "bigint" ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new RawColumnError(name, "a whole number", value);
  return n;
}

function number(value: unknown, name: string): number {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new RawColumnError(name, "a number", value);
  return n;
}

function text(value: unknown, name: string): string {
  if (typeof value !== "string") throw new RawColumnError(name, "text", value);
  return value;
}

function boolean(value: unknown, name: string): boolean {
  if (typeof value !== "boolean") throw new RawColumnError(name, "a boolean", value);
  return value;
}

/** json/jsonb: the driver parses it, unless drizzle's settings left it as text. */
function json<T>(value: unknown, name: string): T {
  if (typeof value !== "string") return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    throw new RawColumnError(name, "JSON", value);
  }
}

/** The parsers a raw query declares its columns with. */
export const col = {
  timestamp: timestamp as Column<Date>,
  integer: integer as Column<number>,
  number: number as Column<number>,
  text: text as Column<string>,
  boolean: boolean as Column<boolean>,
  /** The shape is the query's promise (json_build_object); only the text is parsed. */
  json: <T>(): Column<T> => json as Column<T>,
  /** Text from a closed set (an enum, a state computed in SQL). */
  oneOf:
    <const T extends string>(values: readonly T[]): Column<T> =>
    (value, name) => {
      if (typeof value !== "string" || !(values as readonly string[]).includes(value)) {
        throw new RawColumnError(name, `one of ${values.join(", ")}`, value);
      }
      return value as T;
    },
  nullable:
    <T>(column: Column<T>): Column<T | null> =>
    (value, name) =>
      value === null || value === undefined ? null : column(value, name),
};

export function parseRow<C extends Columns>(columns: C, row: Record<string, unknown>): RowOf<C> {
  const out: Record<string, unknown> = {};
  for (const name in columns) out[name] = columns[name](row[name], name);
  return out as RowOf<C>;
}

type RawRows = PromiseLike<readonly Record<string, unknown>[]>;

/** Runs `query` and parses each row by `columns`; columns it does not declare are dropped. */
export async function rawQuery<C extends Columns>(columns: C, query: RawRows): Promise<RowOf<C>[]> {
  const rows = await query;
  return rows.map((row) => parseRow(columns, row));
}

/** The rows of `query` in batches from a cursor, each parsed by `columns`. */
export async function* rawCursor<C extends Columns>(
  columns: C,
  query: postgres.PendingQuery<postgres.Row[]>,
  batch: number,
): AsyncGenerator<RowOf<C>[]> {
  for await (const rows of query.cursor(batch)) yield rows.map((row) => parseRow(columns, row));
}
