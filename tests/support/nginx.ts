import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// A real nginx in front of portal instances, configured by the shipped deploy/nginx.conf: only
// its marked blocks are replaced (the instances' addresses, the http redirect, the TLS
// listener), everything else — retries, time-outs, headers, buffering, keep-alive — is served
// as shipped. Run in the foreground as this user, its files in a temporary directory.

// Tests and specs run from the repository root.
const SHIPPED = path.resolve("deploy/nginx.conf");

/** Debian's nginx (/usr/sbin is often not on a user's PATH), or one on PATH; null when absent. */
export function findNginx(): string | null {
  const dirs = ["/usr/sbin", ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean)];
  return dirs.map((d) => path.join(d, "nginx")).find((file) => existsSync(file)) ?? null;
}

function replaceBlock(conf: string, name: string, by: (block: string) => string): string {
  const pattern = new RegExp(`([ \\t]*# BEGIN ${name}\\n)([\\s\\S]*?)([ \\t]*# END ${name}\\n)`);
  const found = pattern.exec(conf);
  if (!found) throw new Error(`deploy/nginx.conf has no "# BEGIN ${name}" … "# END ${name}" block`);
  return conf.replace(pattern, (_, begin, block, end) => `${begin}${by(block)}${end}`);
}

/**
 * deploy/nginx.conf with the instances on `ports` (the shipped server parameters kept; those in
 * `down` marked so) and a plain listener.
 */
export function renderNginxConf(listenPort: number, ports: number[], down: number[] = []): string {
  let conf = readFileSync(SHIPPED, "utf8");
  conf = replaceBlock(conf, "instances", (block) => {
    const lines = block.split("\n").filter((l) => /^\s*server\s/.test(l));
    if (lines.length < ports.length) throw new Error("deploy/nginx.conf names fewer instances than the test starts");
    const servers = ports.map((port, i) => {
      const line = lines[i].replace(/server\s+\S+/, `server 127.0.0.1:${port}`);
      return down.includes(port) ? line.replace(/;\s*$/, " down;") : line;
    });
    return `${servers.join("\n")}\n`;
  });
  conf = replaceBlock(conf, "http redirect", () => "");
  conf = replaceBlock(conf, "listener", () => `    listen 127.0.0.1:${listenPort};\n    server_name localhost;\n`);
  return conf;
}

export type Nginx = {
  url: string;
  /**
   * The access log: one line per request, `status method uri [upstream addresses] [their
   * statuses] client`, the client being what the request's X-Load-Client header said.
   */
  accessLog: () => string;
  errorLog: () => string;
  /** Those of the instances on `down` marked down, and nginx reloaded: resolves once its old workers are gone. */
  reload: (down: number[]) => Promise<void>;
  stop: () => Promise<void>;
};

export async function startNginx(binary: string, listenPort: number, ports: number[]): Promise<Nginx> {
  const dir = mkdtempSync(path.join(tmpdir(), "koppeling-nginx-"));
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(path.join(dir, sub));
  const conf = path.join(dir, "koppeling.conf");
  writeFileSync(conf, renderNginxConf(listenPort, ports));
  // What /etc/nginx/nginx.conf gives the included file on Debian, in the temporary directory.
  const main = `${process.getuid?.() === 0 ? "user root;\n" : ""}worker_processes 1;
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 1024; }
http {
  log_format upstreams '$status $request_method $request_uri [$upstream_addr] [$upstream_status] $http_x_load_client';
  access_log ${dir}/access.log upstreams;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/koppeling.conf;
}
`;
  writeFileSync(path.join(dir, "nginx.conf"), main);
  const child: ChildProcess = spawn(binary, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  child.stdout?.on("data", (d) => {
    printed += d;
  });
  child.stderr?.on("data", (d) => {
    printed += d;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://localhost:${listenPort}`;
  const read = (file: string) => (existsSync(path.join(dir, file)) ? readFileSync(path.join(dir, file), "utf8") : "");
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGQUIT");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const until = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${printed}${read("error.log")}`);
    if (existsSync(path.join(dir, "nginx.pid"))) {
      const answered = await fetch(`${url}/livez`).then(
        () => true,
        () => false,
      );
      if (answered) break;
    }
    if (Date.now() > until) {
      await stop();
      throw new Error(`nginx did not listen within 15 s: ${printed}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const workers = () =>
    readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
  const reload = async (down: number[]) => {
    writeFileSync(conf, renderNginxConf(listenPort, ports, down));
    const before = workers();
    child.kill("SIGHUP");
    // Each old worker finishes its requests before it exits.
    const end = Date.now() + 30_000;
    while (workers().some((pid) => before.includes(pid)) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { url, accessLog: () => read("access.log"), errorLog: () => read("error.log"), reload, stop };
}
