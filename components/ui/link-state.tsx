import type { LinkStateKey } from "@/lib/i18n/describe-login-state";
import { StateBadge } from "./state-badge";
import { TruncatedText } from "./truncated-text";

/**
 * A link's state in a grid's cell: the badge, and under it one line of what there is to say
 * (a date, or a reason, whole on hover, focus and press). The same on every grid.
 */
export function LinkState({
  state,
  word,
  detail,
  long,
}: {
  state: LinkStateKey;
  word: string;
  detail: string | null;
  /** The detail carries a reason (and may run long): it gets the one-line, open-on-demand treatment. */
  long: boolean;
}) {
  return (
    <span className="flex max-w-72 min-w-0 flex-col items-start gap-0.5" data-testid="link-state">
      <StateBadge state={state} word={word} />
      {detail ? (
        long ? (
          <TruncatedText text={detail} />
        ) : (
          <span className="text-xs whitespace-nowrap text-slate-700" data-testid="login-state">
            {detail}
          </span>
        )
      ) : null}
    </span>
  );
}
