"use client";

import "./globals.css";
import { useSyncExternalStore } from "react";
import { ErrorPage } from "@/components/error-page";
import { errorPageWords } from "@/lib/i18n/error-page-words";
import { LOCALE_COOKIE } from "@/lib/i18n/locales";

/** The language chosen in the portal (its cookie); Dutch on the server and without one. */
function chosenLocale(): "nl" | "en" {
  const value = document.cookie
    .split("; ")
    .find((c) => c.startsWith(`${LOCALE_COOKIE}=`))
    ?.slice(LOCALE_COOKIE.length + 1);
  return value === "en" ? "en" : "nl";
}
const noSubscription = () => () => {};

// The root layout itself failed: this replaces it, so it brings its own <html> and <body>.
export default function GlobalError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  // The server renders Dutch; the browser then reads the cookie (no hydration mismatch).
  const locale = useSyncExternalStore(noSubscription, chosenLocale, () => "nl" as const);
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <main id="main">
          <ErrorPage words={errorPageWords(locale)} digest={error.digest} retry={retry} fullScreen />
        </main>
      </body>
    </html>
  );
}
