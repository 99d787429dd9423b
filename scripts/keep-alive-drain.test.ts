import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import path from "node:path";
import { afterEach, expect, test } from "vitest";

// What a stop does to a kept-alive connection, on a real Node HTTP server that stops as
// `next start` does (server.close() on SIGTERM), with and without scripts/keep-alive-drain.cjs
// loaded as `npm start` loads it into the web server. A raw socket plays the load balancer.

const SERVER = path.resolve("tests/support/stopping-http-server.mjs");
const DRAIN = path.resolve("scripts/keep-alive-drain.cjs");
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

async function startServer(drain: boolean) {
  const child = spawn(process.execPath, [...(drain ? ["--require", DRAIN] : []), SERVER, "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  started.push(child);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const port = await new Promise<number>((resolve) =>
    child.stdout?.once("data", (d) => resolve(Number(/listening (\d+)/.exec(String(d))?.[1]))),
  );
  return { child, port, exited };
}

/** A connection kept alive as nginx keeps one: what came back on it, and whether it was closed. */
function connection(port: number) {
  const socket = connect(port, "127.0.0.1");
  let received = "";
  let closed = false;
  socket.on("data", (d) => {
    received += d;
  });
  socket.on("close", () => {
    closed = true;
  });
  socket.on("error", () => {});
  return {
    send: (target: string) => socket.write(`GET ${target} HTTP/1.1\r\nHost: localhost\r\n\r\n`),
    answers: () => received.split("HTTP/1.1 ").slice(1),
    closed: () => closed,
    end: () => socket.destroy(),
  };
}

async function until(condition: () => boolean, ms = 5_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return condition();
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

test("on SIGTERM a kept-alive idle connection stays open; the next request on it is answered with Connection: close, then it is closed", async () => {
  const server = await startServer(true);
  const idle = connection(server.port);
  idle.send("/");
  expect(await until(() => idle.answers().length === 1)).toBe(true);
  expect(idle.answers()[0]).toMatch(/^200 /);
  expect(idle.answers()[0]).toContain("Connection: keep-alive");
  // A request in flight keeps the server up while the stop drains.
  const busy = connection(server.port);
  busy.send("/slow?ms=1500");
  await new Promise((r) => setTimeout(r, 100));

  server.child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 300));
  // No new connection is taken...
  expect(await refused(server.port)).toBe(true);
  // ...but the idle one was not closed under the load balancer: a request written into it now
  // is answered, and the answer says the connection ends with it.
  expect(idle.closed()).toBe(false);
  idle.send("/");
  expect(await until(() => idle.answers().length === 2)).toBe(true);
  expect(idle.answers()[1]).toMatch(/^200 /);
  expect(idle.answers()[1]).toContain("Connection: close");
  expect(await until(idle.closed)).toBe(true);
  // The request in flight at the signal got its answer, and then the server exited as Next does.
  expect(await until(() => busy.answers().length === 1)).toBe(true);
  expect(busy.answers()[0]).toMatch(/^200 /);
  expect(await server.exited).toBe(143);
  busy.end();
});

test("without it, Node's server.close() closes an idle kept-alive connection at once: a request the load balancer writes then is lost", async () => {
  const server = await startServer(false);
  const idle = connection(server.port);
  idle.send("/");
  expect(await until(() => idle.answers().length === 1)).toBe(true);
  expect(idle.answers()[0]).toContain("Connection: keep-alive");
  const busy = connection(server.port);
  busy.send("/slow?ms=1500");
  await new Promise((r) => setTimeout(r, 100));

  server.child.kill("SIGTERM");
  expect(await until(idle.closed, 1_000)).toBe(true);
  expect(idle.answers()).toHaveLength(1);
  expect(await until(() => busy.answers().length === 1)).toBe(true);
  expect(await server.exited).toBe(143);
  busy.end();
});

test("a connection that never sends a request does not hold the stop: closed once the idle grace is over; a request in flight longer than that is answered, and the server exits", async () => {
  const server = await startServer(true);
  // A browser's preconnect or a TCP health check: connected, nothing written.
  const silent = connection(server.port);
  // And a request that outlasts the idle grace: its connection is not idle, and is not closed.
  const busy = connection(server.port);
  busy.send("/slow?ms=8000");
  await new Promise((r) => setTimeout(r, 200));
  server.child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 1_000));
  // Still open a moment after the signal (a load balancer may yet write into it)...
  expect(silent.closed()).toBe(false);
  // ...closed by the server after the drain's idle grace, and the stop completes.
  expect(await until(silent.closed, 15_000)).toBe(true);
  expect(busy.answers()).toHaveLength(0);
  expect(busy.closed()).toBe(false);
  expect(await until(() => busy.answers().length === 1, 5_000)).toBe(true);
  expect(busy.answers()[0]).toMatch(/^200 /);
  expect(await server.exited).toBe(143);
  busy.end();
}, 30_000);
