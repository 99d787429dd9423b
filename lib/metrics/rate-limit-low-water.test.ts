import { expect, test } from "vitest";
import { lowestRateLimitRemaining, noteRateLimitRemaining } from "./rate-limit-low-water";

const window = (remaining: number | null, reset: number | null) => ({ remaining, reset });

test("the lowest remaining of the current window over all divisions; a later window starts afresh; a past one says nothing", () => {
  const minute = 1_000_000_060_000;
  const day = 1_000_086_400_000;
  noteRateLimitRemaining({ minutely: window(50, minute), daily: window(4000, day) });
  noteRateLimitRemaining({ minutely: window(12, minute), daily: window(4990, day) });
  noteRateLimitRemaining({ minutely: window(40, minute), daily: null });
  expect(lowestRateLimitRemaining("minutely", minute - 1)).toBe(12);
  expect(lowestRateLimitRemaining("daily", minute - 1)).toBe(4000);
  // An answer from the window before (a slow one) does not count against the current.
  noteRateLimitRemaining({ minutely: window(1, minute - 60_000), daily: null });
  expect(lowestRateLimitRemaining("minutely", minute - 1)).toBe(12);
  // The window is over: nothing is known of the next one until Exact says.
  expect(lowestRateLimitRemaining("minutely", minute)).toBeNull();
  noteRateLimitRemaining({ minutely: window(59, minute + 60_000), daily: null });
  expect(lowestRateLimitRemaining("minutely", minute + 1)).toBe(59);
  // Without a reset there is no telling which window it belongs to: ignored.
  noteRateLimitRemaining({ minutely: window(0, null), daily: window(null, day) });
  expect(lowestRateLimitRemaining("minutely", minute + 1)).toBe(59);
  expect(lowestRateLimitRemaining("daily", minute + 1)).toBe(4000);
});
