import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { makeTestCa } from "@/simulator/testing/make-test-ca";
import { findNginx, renderNginxConf } from "../support/nginx";

// deploy/nginx.conf as an operator installs it — TLS listener, http redirect and all — is
// accepted by Debian's nginx (`nginx -t`), only its certificate paths pointed at a test
// certificate. e2e/rolling-restart.spec.ts serves the portal through the rest of it.

const NGINX = findNginx();
const dir = mkdtempSync(path.join(tmpdir(), "koppeling-nginx-t-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function nginxTest(site: string): { status: number | null; output: string } {
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(path.join(dir, sub), { recursive: true });
  writeFileSync(path.join(dir, "koppeling.conf"), site);
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((kind) => `${kind}_temp_path ${dir}/${kind === "client_body" ? "body" : kind};`)
    .join(" ");
  writeFileSync(
    path.join(dir, "nginx.conf"),
    `error_log ${dir}/error.log; pid ${dir}/nginx.pid; events {} http { ${temp} include ${dir}/koppeling.conf; }`,
  );
  const run = spawnSync(NGINX as string, ["-t", "-p", dir, "-c", path.join(dir, "nginx.conf")], { encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe.skipIf(NGINX === null)("deploy/nginx.conf", () => {
  if (NGINX === null) console.log("nginx is not installed (looked in /usr/sbin and PATH): these tests are skipped");

  test("as shipped, with a certificate where it names one, passes nginx -t", () => {
    const ca = makeTestCa("Koppeling nginx test");
    try {
      const { key, cert } = ca.issueServerCertificate();
      writeFileSync(path.join(dir, "cert.pem"), cert);
      writeFileSync(path.join(dir, "key.pem"), key);
    } finally {
      ca.remove();
    }
    const shipped = readFileSync("deploy/nginx.conf", "utf8");
    const site = shipped
      .replace("/etc/ssl/koppeling/fullchain.pem", path.join(dir, "cert.pem"))
      .replace("/etc/ssl/koppeling/privkey.pem", path.join(dir, "key.pem"));
    expect(site).not.toBe(shipped);
    const checked = nginxTest(site);
    expect(checked.output).toContain("syntax is ok");
    expect(checked.status).toBe(0);
  });

  test("as the rolling-restart spec renders it, passes nginx -t; a broken directive does not", () => {
    const rendered = renderNginxConf(18080, [3001, 3002, 3003]);
    expect(rendered).toContain("server 127.0.0.1:3002 max_fails=2 fail_timeout=5s;");
    expect(rendered).not.toContain("listen 443");
    expect(nginxTest(rendered).status).toBe(0);
    const broken = nginxTest(rendered.replace("proxy_buffering off;", "proxy_buffering sometimes;"));
    expect(broken.status).not.toBe(0);
    expect(broken.output).toContain("proxy_buffering");
  });
});
