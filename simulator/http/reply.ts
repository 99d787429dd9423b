import type { ServerResponse } from "node:http";

export type Headers = Record<string, string | number>;

/**
 * The one way a route answers. `dropInsteadOfAnswer` implements the "dropAfterTokens" fault: the
 * route runs to the end (tokens issued and persisted) and then the connection is destroyed, so
 * the client never sees the answer — the real-world hazard of EXACT_ONLINE.md's rotation rules.
 */
export class Reply {
  dropInsteadOfAnswer = false;
  status = 0;

  constructor(private readonly res: ServerResponse) {}

  get sent(): boolean {
    return this.status !== 0;
  }

  send(status: number, headers: Headers, body: string): void {
    this.status = status;
    if (this.dropInsteadOfAnswer) {
      this.res.socket?.destroy();
      return;
    }
    this.res.writeHead(status, { "Content-Length": Buffer.byteLength(body), ...headers });
    this.res.end(body);
  }

  json(status: number, body: unknown, headers: Headers = {}): void {
    this.send(
      status,
      { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
      JSON.stringify(body),
    );
  }

  html(status: number, html: string, headers: Headers = {}): void {
    this.send(
      status,
      {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "no-store",
        "X-Frame-Options": "DENY",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ...headers,
      },
      html,
    );
  }

  redirect(location: string, headers: Headers = {}): void {
    this.send(302, { Location: location, "Cache-Control": "no-store", ...headers }, "");
  }
}
