// How many POSTs a stop under load loses behind nginx (the shipped deploy/nginx.conf), measured
// with two plain Node servers that stop as `next start` does (tests/support/stopping-http-server.mjs)
// and forty clients sending POSTs back to back; one server gets SIGTERM each round. The figures
// in docs/DEPLOY.md ("What a stop can and cannot promise") come from it:
//
//   npx tsx tests/support/measure-nginx-stop.mts drain      # scripts/keep-alive-drain.cjs loaded, as npm start does
//   npx tsx tests/support/measure-nginx-stop.mts plain      # Node's own stop
//   npx tsx tests/support/measure-nginx-stop.mts drain down # taken out of nginx first (down, reload)
//
// Prints the POSTs sent, those that failed and how nginx's error log named the failures.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { findNginx, startNginx } from "./nginx";
import { freePort } from "./portal-process";

const drain = process.argv[2] !== "plain";
const takeOutFirst = process.argv[3] === "down";
const ROUNDS = 12;
const nginxBinary = findNginx();
if (!nginxBinary) throw new Error("nginx is not installed");

function startServer(port: number): Promise<ChildProcess> {
  const preload = drain ? ["--require", path.resolve("scripts/keep-alive-drain.cjs")] : [];
  const child = spawn(
    process.execPath,
    [...preload, path.resolve("tests/support/stopping-http-server.mjs"), String(port)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve) => child.stdout?.once("data", () => resolve(child)));
}

const exited = (child: ChildProcess) => new Promise((resolve) => child.once("exit", resolve));
const kinds: Record<string, number> = {};
const failures: Record<string, number> = {};
let sent = 0;
for (let round = 0; round < ROUNDS; round++) {
  const ports = [await freePort(), await freePort()];
  const [first, second] = [await startServer(ports[0]), await startServer(ports[1])];
  const nginx = await startNginx(nginxBinary, await freePort(), ports);
  let stopping = false;
  const clients = Array.from({ length: 40 }, async () => {
    while (!stopping) {
      sent++;
      try {
        const answer = await fetch(`${nginx.url}/save`, { method: "POST", body: "a form" });
        await answer.text();
        if (answer.status !== 200) failures[answer.status] = (failures[answer.status] ?? 0) + 1;
      } catch (e) {
        const why = String((e as Error & { cause?: unknown }).cause ?? e).slice(0, 60);
        failures[why] = (failures[why] ?? 0) + 1;
      }
    }
  });
  await new Promise((r) => setTimeout(r, 500));
  if (takeOutFirst) await nginx.reload([ports[0]]);
  first.kill("SIGTERM");
  await exited(first);
  await new Promise((r) => setTimeout(r, 300));
  stopping = true;
  await Promise.all(clients);
  for (const line of nginx.errorLog().split("\n")) {
    const kind = /(prematurely closed|reset by peer|Broken pipe)/.exec(line)?.[1];
    if (kind) kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  await nginx.stop();
  second.kill("SIGTERM");
  await exited(second);
}
console.log(
  `${drain ? "with the drain" : "Node's own stop"}${takeOutFirst ? ", taken out of nginx first" : ""}: ` +
    `${sent} POSTs over ${ROUNDS} stops, failed ${JSON.stringify(failures)}, nginx's error log ${JSON.stringify(kinds)}`,
);
