import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { ReactNode } from "react";
import { type Messages, pickMessages } from "./pick-messages";

/** What every form and grid action needs: field messages, server errors in words, OK/Cancel. */
export const FORM_MESSAGES = ["validation", "errors", "common"] as const;

/**
 * The client components inside get only the messages under `paths` (namespaces, branches or
 * single messages; see pickMessages), not the whole catalog: the messages travel in the page's
 * HTML (and in every navigation's payload), 7 KB gzipped for all of them. Server components
 * translate with the whole catalog as before. A message a client component asks for and does
 * not get shows as its key, and next-intl reports MISSING_MESSAGE in the browser's console
 * (the accessibility spec fails on that).
 */
export async function ClientMessages({ paths, children }: { paths: readonly string[]; children: ReactNode }) {
  const messages = pickMessages((await getMessages()) as Messages, paths);
  return <NextIntlClientProvider messages={messages}>{children}</NextIntlClientProvider>;
}
