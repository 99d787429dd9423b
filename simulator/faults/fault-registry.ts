import { z } from "zod";
import { pause } from "./pause";

// Faults the control API queues: each hits the NEXT matching call only, then is gone.

const GATEWAY_STATUS = z.union([z.literal(502), z.literal(503), z.literal(504)]);

export const faultSchema = z.union([
  /** 500/503: an HTML error page. 401: Exact's REST 401 (error JSON + WWW-Authenticate: Bearer). */
  z.strictObject({ status: z.union([z.literal(401), z.literal(500), z.literal(503)]) }),
  /** Wait before the call runs: nothing has happened (nothing rotated) while the client waits. */
  z.strictObject({ delayMs: z.int().min(0).max(120_000) }),
  /** The call runs (a refresh rotates, state is persisted); the answer goes out this much later. */
  z.strictObject({ delayAfterTokensMs: z.int().min(0).max(120_000) }),
  /** The call runs (a refresh rotates, state is persisted); the connection is destroyed instead. */
  z.strictObject({ dropAfterTokens: z.literal(true) }),
  /** 400 with the plain body "Bad Request" (2016-era token endpoint); nothing runs. */
  z.strictObject({ badRequest: z.enum(["text/plain", "text/html"]) }),
  /** The API gateway's {"fault":{"faultstring","detail":{"errorcode"}}} with a 5xx; nothing runs. */
  z.strictObject({
    gatewayFault: GATEWAY_STATUS,
    faultstring: z.string().min(1).optional(),
    errorcode: z.string().min(1).optional(),
  }),
]);

export const faultSpecSchema = z.object({
  method: z.string().optional(),
  /** A substring of the request path: "/api/oauth2/token" matches it on every site. */
  path: z.string().min(1),
  /** Token calls only: match the form's grant_type too. */
  grantType: z.string().optional(),
  fault: faultSchema,
});

export type FaultSpec = z.infer<typeof faultSpecSchema>;
export type Fault = FaultSpec["fault"];

export interface FaultTarget {
  method: string;
  pathname: string;
  grantType: string | null;
}

/** A call waiting in a `delayMs` fault; `release` lets it go on at once. */
type Held = { path: string; release: () => void };

export class FaultRegistry {
  private queue: FaultSpec[] = [];
  private held = new Set<Held>();

  add(spec: FaultSpec): number {
    this.queue.push(spec);
    return this.queue.length;
  }

  /** Removes and returns the first queued fault that matches this call. */
  take(target: FaultTarget): FaultSpec | null {
    const index = this.queue.findIndex(
      (spec) =>
        (!spec.method || spec.method.toUpperCase() === target.method.toUpperCase()) &&
        target.pathname.includes(spec.path) &&
        (!spec.grantType || spec.grantType === target.grantType),
    );
    if (index < 0) return null;
    const [spec] = this.queue.splice(index, 1);
    return spec;
  }

  /**
   * The wait of a `delayMs` fault queued for `path`: `ms`, or less when `release` lets it go
   * (the call then runs at once, as after its delay). Rejects when the simulator closes.
   */
  async hold(path: string, ms: number, closing: AbortSignal): Promise<void> {
    const released = new AbortController();
    const entry: Held = { path, release: () => released.abort() };
    this.held.add(entry);
    try {
      await pause(ms, AbortSignal.any([closing, released.signal]));
    } catch (error) {
      if (closing.aborted || !released.signal.aborted) throw error;
    } finally {
      this.held.delete(entry);
    }
  }

  /** Calls waiting in a `delayMs` fault now. */
  get holding(): number {
    return this.held.size;
  }

  /**
   * A test's clean-up: drops the faults it queued that no call has taken, and lets the calls
   * that wait in its `delayMs` faults go on at once — those queued with this exact `path`, or
   * all when no path is given — so nothing it set up lingers into the next test.
   */
  release(path?: string): { cleared: number; released: number } {
    const mine = (spec: { path: string }) => path === undefined || spec.path === path;
    const before = this.queue.length;
    this.queue = this.queue.filter((spec) => !mine(spec));
    let released = 0;
    for (const entry of [...this.held]) {
      if (!mine(entry)) continue;
      this.held.delete(entry);
      entry.release();
      released += 1;
    }
    return { cleared: before - this.queue.length, released };
  }

  get pending(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
  }
}
