/**
 * How long a stop (SIGTERM, SIGINT) lets the requests in flight and the job worker finish
 * before what is left is ended: SHUTDOWN_GRACE_SECONDS, 30 by default. A service manager's own
 * time-out (systemd's TimeoutStopSec, `docker stop -t`) must be longer than this.
 */
export function shutdownGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SHUTDOWN_GRACE_SECONDS?.trim();
  const seconds = raw ? Number(raw) : 30;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 30_000;
}
