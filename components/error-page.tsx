import Link from "next/link";
import type { ErrorPageWords } from "@/lib/i18n/error-page-words";

/**
 * What a person sees when a page failed to render: what happened in words, a way to try again
 * and a way back, and the reference (Next's digest) that the server's log line carries, so an
 * admin can find the cause. Marked data-error-page, which the end-to-end crawl looks for.
 */
export function ErrorPage({
  words,
  digest,
  retry,
  fullScreen = false,
}: {
  words: ErrorPageWords;
  digest: string | undefined;
  retry: () => void;
  fullScreen?: boolean;
}) {
  return (
    <div
      data-error-page
      className={`flex flex-col items-start gap-3 ${fullScreen ? "mx-auto min-h-screen max-w-xl justify-center p-6" : ""}`}
    >
      <title>{`${words.title} · Koppeling`}</title>
      <h1 className="text-2xl font-semibold">{words.title}</h1>
      <p className="text-slate-700">{words.text}</p>
      {digest ? (
        <p className="text-sm text-slate-700">
          {words.reference}: <code className="rounded bg-slate-100 px-1 py-0.5 select-all">{digest}</code>
        </p>
      ) : null}
      <div className="flex items-center gap-4">
        <button
          type="button"
          onClick={retry}
          className="rounded bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800 focus:outline-2 focus:outline-offset-2 focus:outline-blue-700"
        >
          {words.retry}
        </button>
        <Link href="/" className="text-sm text-blue-700 hover:underline">
          {words.back}
        </Link>
      </div>
    </div>
  );
}
