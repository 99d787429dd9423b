import { z } from "zod";

// Faults the control API queues: each hits the NEXT matching call only, then is gone.

export const faultSpecSchema = z.object({
  method: z.string().optional(),
  /** A substring of the request path: "/api/oauth2/token" matches it on every site. */
  path: z.string().min(1),
  /** Token calls only: match the form's grant_type too. */
  grantType: z.string().optional(),
  fault: z.union([
    z.strictObject({ status: z.union([z.literal(500), z.literal(503)]) }),
    z.strictObject({ delayMs: z.int().min(0).max(120_000) }),
    z.strictObject({ dropAfterTokens: z.literal(true) }),
  ]),
});

export type FaultSpec = z.infer<typeof faultSpecSchema>;
export type Fault = FaultSpec["fault"];

export interface FaultTarget {
  method: string;
  pathname: string;
  grantType: string | null;
}

export class FaultRegistry {
  private queue: FaultSpec[] = [];

  add(spec: FaultSpec): number {
    this.queue.push(spec);
    return this.queue.length;
  }

  /** Removes and returns the first queued fault that matches this call. */
  take(target: FaultTarget): Fault | null {
    const index = this.queue.findIndex(
      (spec) =>
        (!spec.method || spec.method.toUpperCase() === target.method.toUpperCase()) &&
        target.pathname.includes(spec.path) &&
        (!spec.grantType || spec.grantType === target.grantType),
    );
    if (index < 0) return null;
    const [spec] = this.queue.splice(index, 1);
    return spec.fault;
  }

  get pending(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
  }
}
