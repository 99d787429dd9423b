// The one clock of the portal's own logic (token lifetimes, state expiry), so tests can
// move time forward instead of waiting. Only tests call the setters.
let offsetMs = 0;

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

export function advanceClock(ms: number): void {
  offsetMs += ms;
}

export function resetClock(): void {
  offsetMs = 0;
}
