import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedHook = { method: string; path: string; headers: http.IncomingHttpHeaders; body: Buffer };

export type WebhookReceiver = {
  /** http://127.0.0.1:<port>/hooks/koppeling?channel=ops */
  url: string;
  port: number;
  hooks: ReceivedHook[];
  /** The status the receiver answers with (200 unless told otherwise). */
  answer: { status: number; location?: string };
  close: () => Promise<void>;
};

/** Whether `header` is `sha256=<hex>` of HMAC-SHA256(secret, body), as a receiver checks it. */
export function signatureMatches(secret: string, body: Buffer, header: string | string[] | undefined): boolean {
  if (typeof header !== "string" || !header.startsWith("sha256=")) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(header.slice("sha256=".length), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A real HTTP server on a free port that keeps every request's raw body. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const hooks: ReceivedHook[] = [];
  const answer: WebhookReceiver["answer"] = { status: 200 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      hooks.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answer.status, answer.location ? { Location: answer.location } : {});
      res.end(answer.status < 300 ? "ok" : "no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/koppeling?channel=ops`,
    port,
    hooks,
    answer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
