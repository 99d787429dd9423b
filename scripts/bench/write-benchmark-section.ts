import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const BENCHMARKS_FILE = path.resolve("docs", "BENCHMARKS.md");

const HEADER = `# Benchmarks

Figures measured on one machine, each section written by its own script (named in the
section). Run the script again to replace its section; other sections are left as they are.
None of these runs in \`npm test\`.
`;

/**
 * Writes `body` as the section `id` of docs/BENCHMARKS.md: between its markers when the
 * section exists, appended otherwise, so several benchmarks share the file.
 */
export function writeBenchmarkSection(id: string, body: string): void {
  const start = `<!-- benchmark:${id} -->`;
  const end = `<!-- /benchmark:${id} -->`;
  const section = `${start}\n${body.trim()}\n${end}`;
  const text = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, "utf8") : HEADER;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${text.slice(0, from)}${section}${text.slice(to + end.length)}`
      : `${text.trimEnd()}\n\n${section}\n`;
  mkdirSync(path.dirname(BENCHMARKS_FILE), { recursive: true });
  writeFileSync(BENCHMARKS_FILE, next);
}
