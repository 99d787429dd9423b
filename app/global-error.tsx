"use client";

import "./globals.css";
import { ErrorPage } from "@/components/error-page";
import { errorPageWords } from "@/lib/i18n/error-page-words";
import { LOCALE_COOKIE } from "@/lib/i18n/locales";

/** The language chosen in the portal (its cookie); Dutch on the server and without one. */
function chosenLocale(): string | undefined {
  if (typeof document === "undefined") return undefined;
  return document.cookie
    .split("; ")
    .find((c) => c.startsWith(`${LOCALE_COOKIE}=`))
    ?.slice(LOCALE_COOKIE.length + 1);
}

// The root layout itself failed: this replaces it, so it brings its own <html> and <body>.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const locale = chosenLocale() === "en" ? "en" : "nl";
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <main id="main">
          <ErrorPage words={errorPageWords(locale)} digest={error.digest} retry={reset} fullScreen />
        </main>
      </body>
    </html>
  );
}
