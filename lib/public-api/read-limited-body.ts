import "server-only";

/**
 * The request's body, read into memory up to `limit` bytes, or "too_large" as soon as it
 * proves longer (by its Content-Length, or while it streams in: the rest is not read).
 * In memory because a body may have to be sent twice (once more after a refused token).
 */
export async function readLimitedBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | "too_large"> {
  if (declaredTooLarge(request, limit)) return "too_large";
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return "too_large";
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/** The request says in its Content-Length that its body is longer than `limit`. */
export function declaredTooLarge(request: Request, limit: number): boolean {
  const declared = Number(request.headers.get("content-length") ?? "");
  return Number.isFinite(declared) && declared > limit;
}
