import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { streamDivisionOverview } from "@/lib/data/division-overview-stream";
import type { Translate } from "@/lib/i18n/describe-login-state";
import { isoDayInAmsterdam } from "@/lib/i18n/format-date";
import type { Locale } from "@/lib/i18n/locales";
import { type OverviewQuery, SORT_COLUMNS } from "@/lib/schemas/overview-params";
import { overviewRowDescriber } from "./describe-overview-row";

/**
 * The overview's filtered and sorted set, every page, as CSV for Dutch Excel: UTF-8 with a
 * BOM, `;` between fields, dates and times as the page shows them (2-7-2016 14:05), the cells
 * in the table's words. A cell that a spreadsheet would run as a formula (it starts with =, +,
 * -, @, a tab or a carriage return: a description typed by anyone with a login) is written with
 * a leading ' so it stays text. Rows come from a database cursor in batches and are pulled only
 * as fast as the reader takes them, so 100,000 rows never sit in memory.
 */
export function overviewCsv(
  environmentId: string,
  query: OverviewQuery,
  t: Translate,
  locale: Locale,
  /** Told how many rows went out once the stream ends, and whether it ended complete (not cut off by the reader). */
  onEnd: (rows: number, complete: boolean) => Promise<void> = async () => {},
): Readable {
  const inWords = overviewRowDescriber(t, locale);
  async function* records() {
    let rows = 0;
    let complete = false;
    try {
      for await (const batch of streamDivisionOverview(environmentId, query)) {
        for (const row of batch) {
          const cells = inWords(row);
          rows++;
          yield SORT_COLUMNS.map((c) => cells[c]);
        }
      }
      complete = true;
    } finally {
      await onEnd(rows, complete);
    }
  }
  return Readable.from(records()).pipe(
    stringify({
      delimiter: ";",
      bom: true,
      escape_formulas: true,
      header: true,
      columns: SORT_COLUMNS.map((c) => t(`overview.columns.${c}`)),
    }),
  );
}

/** The file's name: what it is, of which environment, on which day in Amsterdam (overzicht-productie-2026-12-06.csv). */
export function overviewCsvFileName(what: string, environmentName: string, at: Date): string {
  const environment = environmentName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${[what, environment || "omgeving", isoDayInAmsterdam(at)].join("-")}.csv`;
}
