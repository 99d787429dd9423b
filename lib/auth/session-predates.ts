import "server-only";
/** Whether a session signed in at `signedInAt` (ms since the epoch) started before `revokedAt`. */
export function sessionPredates(signedInAt: number | undefined, revokedAt: Date): boolean {
  // A session without the claim predates it (it came from an older portal version).
  return signedInAt === undefined || signedInAt < revokedAt.getTime();
}
