import { closeSync, openSync, readSync, statSync } from "node:fs";
import { test as base } from "@playwright/test";

// The portal's console is part of every spec's result: a Next error line (⨯) or a log line at
// level error or above fails the spec during which it was printed, unless the spec provoked
// that error on purpose and names it (`test.use({ expectedServerErrors: [/…/] })`).

export function isPinoLine(line: string): boolean {
  return line.startsWith("{") && pinoLevel(line) > 0;
}

export function pinoLevel(line: string): number {
  try {
    return Number((JSON.parse(line) as { level?: unknown }).level ?? 0) || 0;
  } catch {
    return 0;
  }
}

/** A line of the portal's console that means something went wrong on the server. */
export function isServerErrorLine(line: string): boolean {
  if (isPinoLine(line)) return pinoLevel(line) >= 50;
  return line.includes("⨯") || /^\s*\[koppeling[^\]]*\] Cannot start/.test(line);
}

/** The error lines in `text` that none of `expected` names. */
export function unexpectedErrorLines(text: string, expected: readonly RegExp[]): string[] {
  return text.split("\n").filter((line) => isServerErrorLine(line) && !expected.some((e) => e.test(line)));
}

function logFile(): string {
  const file = process.env.E2E_SERVER_LOG;
  if (!file) throw new Error("E2E_SERVER_LOG is not set: run through `npm run test:e2e`");
  return file;
}

function readFrom(file: string, offset: number): string {
  const size = statSync(file).size;
  if (size <= offset) return "";
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(file, "r");
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString("utf8");
}

export const test = base.extend<{ expectedServerErrors: RegExp[]; serverConsole: undefined }>({
  expectedServerErrors: [[], { option: true }],
  serverConsole: [
    async ({ expectedServerErrors }, use) => {
      const file = logFile();
      const offset = statSync(file).size;
      await use(undefined);
      // The global setup writes the portal's lines to the file as they come: give the last
      // ones of this spec a moment to arrive.
      await new Promise((r) => setTimeout(r, 300));
      const unexpected = unexpectedErrorLines(readFrom(file, offset), expectedServerErrors);
      if (unexpected.length > 0) {
        throw new Error(
          `the portal logged ${unexpected.length} error line(s) during this spec:\n${unexpected.join("\n")}`,
        );
      }
    },
    { auto: true },
  ],
});

export { expect } from "@playwright/test";
