import type { LinkStateKey } from "@/lib/i18n/describe-login-state";

// Each link state looks the same on every grid: a colour, an icon and the state's word. The
// word is the cue; colour and icon only help the eye (the icon is hidden from screen readers).
// Text and background are at least WCAG AA (4.5:1) apart. A new state is one entry here and
// one word under linkState.* in each catalog; the type refuses a state without an entry.

type Look = { className: string; icon: React.ReactNode };

const STROKE = {
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2,
  strokeLinecap: "round",
  strokeLinejoin: "round",
} as const;

const LOOKS: Record<LinkStateKey, Look> = {
  // a tick in a circle
  active: {
    className: "bg-green-100 text-green-900 border-green-300",
    icon: (
      <>
        <circle cx="8" cy="8" r="6.5" {...STROKE} />
        <path d="M5 8.2l2 2 4-4.2" {...STROKE} />
      </>
    ),
  },
  // a clock
  expiring: {
    className: "bg-amber-100 text-amber-950 border-amber-400",
    icon: (
      <>
        <circle cx="8" cy="8" r="6.5" {...STROKE} />
        <path d="M8 4.5V8l2.5 1.5" {...STROKE} />
      </>
    ),
  },
  // a key: someone must authorize again
  needs_reauth: {
    className: "bg-red-100 text-red-900 border-red-400",
    icon: (
      <>
        <circle cx="5.5" cy="10.5" r="3" {...STROKE} />
        <path d="M7.6 8.4L14 2m-2.5 2.5l1.8 1.8M9.8 6.2l1.5 1.5" {...STROKE} />
      </>
    ),
  },
  // a warning triangle, on solid red: a broken link stands out
  error: {
    className: "bg-red-700 text-white border-red-800",
    icon: (
      <>
        <path d="M8 1.8L14.8 14H1.2z" {...STROKE} />
        <path d="M8 6.5v3.5" {...STROKE} />
        <circle cx="8" cy="12" r="0.6" fill="currentColor" />
      </>
    ),
  },
  // an hourglass: waiting for consent
  pending: {
    className: "bg-slate-100 text-slate-800 border-slate-300",
    icon: (
      <path d="M4 1.5h8M4 14.5h8M5 1.5c0 4 6 4.5 6 6.5s-6 2.5-6 6.5M11 1.5c0 4-6 4.5-6 6.5s6 2.5 6 6.5" {...STROKE} />
    ),
  },
  // a broken chain link
  not_linked: {
    className: "bg-white text-slate-700 border-slate-400 border-dashed",
    icon: (
      <>
        <path d="M6.5 4.5l1-1a3 3 0 0 1 4.2 4.2l-1 1M9.5 11.5l-1 1a3 3 0 0 1-4.2-4.2l1-1" {...STROKE} />
        <path d="M2 2l2 2M14 14l-2-2" {...STROKE} />
      </>
    ),
  },
};

/** A link's state as a badge: icon (for the eye only) and the state's one word. */
export function StateBadge({ state, word }: { state: LinkStateKey; word: string }) {
  const look = LOOKS[state];
  return (
    <span
      data-testid="status-badge"
      data-state={state}
      className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${look.className}`}
    >
      <svg aria-hidden="true" focusable="false" viewBox="0 0 16 16" className="size-3.5 shrink-0">
        {look.icon}
      </svg>
      {word}
    </span>
  );
}

/** The states a badge knows, for the test that keeps them and the catalogs in step. */
export const BADGE_STATES = Object.keys(LOOKS) as LinkStateKey[];
