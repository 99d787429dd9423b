"use client";

import { type KeyboardEvent, useState } from "react";

/**
 * A long text (a link's reason) kept to one line with an ellipsis, whole on demand: hovering
 * or focusing it shows the whole text beside it (Escape hides that again), and pressing it
 * (Enter, Space, a click) opens it in full in its row, and closes it again. It is a button so
 * that the keyboard reaches it; its name is the whole text, so a screen reader hears all of it.
 */
export function TruncatedText({ text, testId = "state-reason" }: { text: string; testId?: string }) {
  const [hint, setHint] = useState(false);
  const [open, setOpen] = useState(false);
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === "Escape" && hint) {
      e.stopPropagation();
      setHint(false);
    }
  };
  return (
    <span className="relative block max-w-full">
      <button
        type="button"
        data-testid={testId}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        onFocus={() => setHint(true)}
        onBlur={() => setHint(false)}
        onMouseEnter={() => setHint(true)}
        onMouseLeave={() => setHint(false)}
        onKeyDown={onKeyDown}
        className={`block max-w-full cursor-help text-left text-xs text-slate-700 underline decoration-dotted underline-offset-2 ${
          open ? "whitespace-normal" : "truncate"
        }`}
      >
        {text}
      </button>
      {hint && !open ? (
        // For the eye only: the button's own name already gives a screen reader the whole text.
        <span
          aria-hidden="true"
          data-testid={`${testId}-tooltip`}
          className="absolute top-full left-0 z-20 mt-1 block w-max max-w-sm rounded bg-slate-900 px-2 py-1 text-xs whitespace-normal text-white shadow-lg"
        >
          {text}
        </span>
      ) : null}
    </span>
  );
}
