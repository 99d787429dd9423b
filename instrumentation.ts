// Next calls register() once when a server starts. A portal server counts among the processes
// that share the calls in flight per Exact user and division (lib/exact/api/live-processes.ts)
// from its start: a burst reaching freshly started instances must find each of them counted.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || !process.env.DATABASE_URL) return;
  const { liveProcesses } = await import("@/lib/exact/api/live-processes");
  await liveProcesses();
}
