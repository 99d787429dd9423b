import type { Page } from "@playwright/test";

/**
 * Collects into `into` next-intl's MISSING_MESSAGE reports from the page's console: a message a
 * client component asked for and was not given (each page picks its client messages,
 * lib/i18n/client-messages.tsx); the person would see the key instead of words.
 */
export function watchMissingMessages(page: Page, into: string[]): void {
  page.on("console", (m) => {
    if (m.type() === "error" && m.text().includes("MISSING_MESSAGE"))
      into.push(`${page.url()}: ${m.text().split("\n")[0]}`);
  });
}
