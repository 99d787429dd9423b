"use client";

import { useLocale } from "next-intl";
import { ErrorPage } from "@/components/error-page";
import { errorPageWords } from "@/lib/i18n/error-page-words";

// A page inside the portal failed to render: the shell (header, navigation) stays, so the
// person can go elsewhere; only the page's own part shows what happened.
export default function PortalError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return <ErrorPage words={errorPageWords(useLocale())} digest={error.digest} retry={retry} />;
}
