import { describe, expect, test } from "vitest";
import { declaredTooLarge, readLimitedBody } from "./read-limited-body";

function streamed(chunks: number[]): Request {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks.length) return controller.close();
      controller.enqueue(new Uint8Array(chunks[pulled++]).fill(65));
    },
  });
  return new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit);
}

describe("readLimitedBody", () => {
  test("a body within the limit comes back whole, also from several chunks", async () => {
    const body = await readLimitedBody(streamed([4, 3, 3]), 10);
    expect(body).toEqual(new Uint8Array(10).fill(65));
  });

  test("one byte over the limit is too large, and the rest of the stream is not read", async () => {
    const request = streamed([6, 5, 1000, 1000]);
    expect(await readLimitedBody(request, 10)).toBe("too_large");
  });

  test("a Content-Length over the limit is refused before any byte is read", async () => {
    const request = new Request("http://x/", {
      method: "POST",
      body: "x".repeat(20),
      headers: { "content-length": "20" },
    });
    expect(declaredTooLarge(request, 10)).toBe(true);
    expect(await readLimitedBody(request, 10)).toBe("too_large");
    expect(request.bodyUsed).toBe(false);
  });

  test("no body: empty", async () => {
    expect(await readLimitedBody(new Request("http://x/", { method: "POST" }), 10)).toEqual(new Uint8Array(0));
  });
});
