"use client";

import { useLocale } from "next-intl";
import { ErrorPage } from "@/components/error-page";
import { errorPageWords } from "@/lib/i18n/error-page-words";

// A page (or the portal's shell itself) failed to render: the root layout still stands, with
// its language. The cause is in the server's log under the digest shown.
export default function RootError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <main id="main" className="p-6">
      <ErrorPage words={errorPageWords(useLocale())} digest={error.digest} retry={retry} fullScreen />
    </main>
  );
}
