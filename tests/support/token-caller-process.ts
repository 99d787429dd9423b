import { type CallerProcess, killCallerProcesses, startCallerProcess } from "./caller-process";
import type { CallersReport } from "./token-callers-report";

export type TokenCallerProcess = CallerProcess<CallersReport>;

/**
 * Starts tests/support/token-callers.mts in its own Node process: `callers` concurrent
 * getAccessToken calls over `loginIds` per round, with this process's environment plus `env`.
 */
export function startTokenCallers(
  loginIds: string[],
  callers: number,
  env: Record<string, string> = {},
): TokenCallerProcess {
  return startCallerProcess<CallersReport>("tests/support/token-callers.mts", [String(callers), ...loginIds], {
    DATABASE_APPLICATION_NAME: "koppeling-token-callers",
    ...env,
  });
}

/** Starts `count` caller processes and waits until every one is ready. */
export async function startTokenCallerProcesses(
  count: number,
  loginIds: string[],
  callers: number,
  env: Record<string, string> = {},
): Promise<TokenCallerProcess[]> {
  const processes = Array.from({ length: count }, () => startTokenCallers(loginIds, callers, env));
  await Promise.all(processes.map((p) => p.ready));
  return processes;
}

/** Safety net for a failed test: SIGKILLs every caller process this process started. */
export const killTokenCallers = killCallerProcesses;
