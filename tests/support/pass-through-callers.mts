// A portal process serving the API's pass-through, started by tests/support/caller-process.ts so
// that a burst of other systems' calls is spread over several processes, as over several portal
// instances. Arguments: <callers> <administrationId> <exact path>; the key in PASS_THROUGH_KEY.
//
// Like a portal that has started, it has told the others it is alive (portal_processes) and
// prints READY once it sees PASS_THROUGH_PROCESSES of them. Each "go" on stdin sends its callers'
// calls at once through the route's own handler; answered by RESULT {pid, statuses, codes}.
import { createInterface } from "node:readline";
import { GET } from "@/app/api/v1/administrations/[id]/exact/[...path]/route";
import { closeDb } from "@/db/client";
import { forgetThisProcess, liveProcesses } from "@/lib/exact/api/live-processes";
import { warmPool } from "./pool";

const [callers, administrationId, path] = process.argv.slice(2);
const key = process.env.PASS_THROUGH_KEY;
const expected = Number(process.env.PASS_THROUGH_PROCESSES ?? 1);
if (!Number(callers) || !administrationId || !path || !key) {
  console.error("usage: PASS_THROUGH_KEY=… pass-through-callers.mts <callers> <administrationId> <path>");
  process.exit(2);
}

export type PassThroughReport = { pid: number; statuses: number[]; codes: string[] };

async function call(): Promise<{ status: number; code: string }> {
  const request = new Request(`http://portal.test/api/v1/administrations/${administrationId}/exact/${path}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const response = await GET(request, { params: Promise.resolve({ id: administrationId, path: path.split("/") }) });
  const text = await response.text();
  const code = response.ok ? "" : String(JSON.parse(text)?.error?.code ?? response.status);
  return { status: response.status, code };
}

await warmPool(Math.min(Number(callers), 10));
while ((await liveProcesses()) < expected) await new Promise((r) => setTimeout(r, 250));
console.log("READY");
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== "go") continue;
  const results = await Promise.all(Array.from({ length: Number(callers) }, call));
  const report: PassThroughReport = {
    pid: process.pid,
    statuses: results.map((r) => r.status),
    codes: results.map((r) => r.code).filter(Boolean),
  };
  console.log(`RESULT ${JSON.stringify(report)}`);
}
await forgetThisProcess();
await closeDb();
