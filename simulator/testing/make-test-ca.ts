import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export type TestCa = {
  /** The CA's certificate (PEM): what a client must trust to accept the certificates it issues. */
  certPem: string;
  /** A key and a certificate for a TLS server answering as `localhost` and 127.0.0.1, signed by this CA. */
  issueServerCertificate(): { key: string; cert: string };
  /** Removes the temporary directory with the keys. */
  remove(): void;
};

function openssl(dir: string, args: string[]): void {
  // Quiet unless it fails: openssl prints progress dots and key details on stderr.
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

/**
 * A certificate authority made at test time with the openssl CLI (Debian's, nothing downloaded),
 * in a temporary directory: no key or certificate is committed, and none outlives its test run.
 * EC P-256 keys, valid for two days.
 */
export function makeTestCa(name: string): TestCa {
  const dir = mkdtempSync(path.join(tmpdir(), "koppeling-test-ca-"));
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(dir, [
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "2",
    "-subj",
    `/CN=${name}`,
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  let issued = 0;
  return {
    certPem: readFileSync(path.join(dir, "ca.crt"), "utf8"),
    issueServerCertificate() {
      const base = `server-${++issued}`;
      writeFileSync(
        path.join(dir, `${base}.ext`),
        [
          "subjectAltName=DNS:localhost,IP:127.0.0.1",
          "basicConstraints=critical,CA:FALSE",
          "keyUsage=critical,digitalSignature",
          "extendedKeyUsage=serverAuth",
        ].join("\n"),
      );
      openssl(dir, ["req", "-new", ...ec, "-keyout", `${base}.key`, "-out", `${base}.csr`, "-subj", "/CN=localhost"]);
      openssl(dir, [
        "x509",
        "-req",
        "-in",
        `${base}.csr`,
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        `${base}.ext`,
        "-out",
        `${base}.crt`,
      ]);
      return {
        key: readFileSync(path.join(dir, `${base}.key`), "utf8"),
        cert: readFileSync(path.join(dir, `${base}.crt`), "utf8"),
      };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
