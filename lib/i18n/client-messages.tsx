import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ReactNode } from "react";
import { MoreMessages } from "./more-messages";
import { type Messages, pickMessages } from "./pick-messages";

// The messages travel in each page's HTML (and in every navigation's payload): 7 KB gzipped for
// the whole catalog. The browser gets the shell's and those for an action's failure on every
// page (the root layout), and what a page's own client components translate from that page.
// Server components translate with the whole catalog as before. A message a client component
// asks for and does not get shows as its key, and next-intl reports MISSING_MESSAGE in the
// browser's console (the accessibility spec fails on that).

/** The header, the menu, and any action's failure in words (field messages, errors, OK/Cancel). */
const SHELL_MESSAGES = ["header", "nav", "validation", "errors", "common"];

const picked = async (paths: readonly string[]) => pickMessages((await getMessages()) as Messages, paths);

/** For the root layout: the client messages every page has. */
export async function ShellMessages({ children }: { children: ReactNode }) {
  return <NextIntlClientProvider messages={await picked(SHELL_MESSAGES)}>{children}</NextIntlClientProvider>;
}

/**
 * For a page: its client components get the messages under `paths` too (namespaces, branches or
 * single messages; see pickMessages).
 */
export async function ClientMessages({ paths, children }: { paths: readonly string[]; children: ReactNode }) {
  return <MoreMessages messages={await picked(paths)}>{children}</MoreMessages>;
}
