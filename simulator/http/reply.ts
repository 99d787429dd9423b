import type { ServerResponse } from "node:http";

export type Headers = Record<string, string | number>;

/**
 * The one way a route answers. Two faults act here, after the route has run to the end (tokens
 * issued, the old refresh token rotated, state persisted):
 * - `dropInsteadOfAnswer` ("dropAfterTokens"): the connection is destroyed instead of answering,
 *   so the client never sees the answer — the real-world hazard of EXACT_ONLINE.md's rotation.
 * - `holdMs` ("delayAfterTokensMs"): the answer goes out only after that many milliseconds —
 *   Exact's 35-second refresh that had rotated all the same. `finished` settles when it is out.
 */
export class Reply {
  dropInsteadOfAnswer = false;
  holdMs = 0;
  status = 0;
  /** Settles once the answer is written (at once, or after `holdMs`) or abandoned. */
  finished: Promise<void> = Promise.resolve();

  constructor(
    private readonly res: ServerResponse,
    /** How to wait for `holdMs`; rejects when the simulator closes (then the socket is destroyed). */
    private readonly wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  get sent(): boolean {
    return this.status !== 0;
  }

  send(status: number, headers: Headers, body: string): void {
    this.status = status;
    if (this.dropInsteadOfAnswer) {
      this.abandon();
      return;
    }
    if (this.holdMs > 0) {
      this.finished = this.wait(this.holdMs).then(
        () => this.write(status, headers, body),
        () => this.abandon(),
      );
      return;
    }
    this.write(status, headers, body);
  }

  /** Destroys the connection without an answer. */
  abandon(): void {
    this.res.socket?.destroy();
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

  private write(status: number, headers: Headers, body: string): void {
    if (this.res.destroyed) return;
    // A 204 has no body, and so no Content-Length either (RFC 9110, 8.6).
    const length = status === 204 ? {} : { "Content-Length": Buffer.byteLength(body) };
    this.res.writeHead(status, { ...length, ...headers });
    this.res.end(body);
  }
}
