/**
 * Node options for the portal's server process (`next start`, spawned by `npm start`).
 *
 * A 4 MB semi-space keeps the young generation small. Serving pages allocates little and
 * briefly; the CSV export of the overview allocates a lot of short-lived rows, and with V8's
 * default young generation (it grows to tens of MB on a machine with much memory) the export of
 * 100,000 rows peaked at 172 MB over the idle process. With 4 MB: 61 MB, in the same time
 * (scripts/bench-overview.mts, which runs with these options too).
 */
export const SERVER_NODE_OPTIONS = "--max-semi-space-size=4";

export function withServerNodeOptions(nodeOptions: string | undefined): string {
  return [nodeOptions, SERVER_NODE_OPTIONS].filter(Boolean).join(" ");
}
