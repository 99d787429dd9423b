// What the Exact pass-through takes (lib/public-api/exact-pass-through.ts), also for its description
// (lib/public-api/openapi-document.ts): no server-only imports here.

/** The largest request body passed on: 1 MiB (Exact's own entities are a few KiB). */
export const MAX_BODY_BYTES = 1024 * 1024;

export const PASS_THROUGH_METHODS = ["GET", "POST", "PUT", "DELETE"] as const;
