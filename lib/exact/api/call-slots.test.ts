import { describe, expect, test } from "vitest";
import { inCallSlot } from "./call-slots";

/** A piece of work that runs until the test lets it finish. */
function gated() {
  let finish: () => void = () => {};
  const started = { value: false };
  const work = () =>
    new Promise<string>((resolve) => {
      started.value = true;
      finish = () => resolve("done");
    });
  return { work, started, finish: () => finish() };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("inCallSlot", () => {
  test("runs at most `size` at once; the next starts, in order of arrival, when one finishes", async () => {
    const works = Array.from({ length: 4 }, gated);
    const results = works.map((w) => inCallSlot("k1", 2, 10_000, w.work));
    await tick();
    expect(works.map((w) => w.started.value)).toEqual([true, true, false, false]);
    works[1].finish();
    await tick();
    expect(works.map((w) => w.started.value)).toEqual([true, true, true, false]);
    works[0].finish();
    works[2].finish();
    await tick();
    expect(works[3].started.value).toBe(true);
    works[3].finish();
    expect(await Promise.all(results)).toEqual(["done", "done", "done", "done"]);
  });

  test("keys do not share slots", async () => {
    const a = gated();
    const b = gated();
    const both = [inCallSlot("k2", 1, 10_000, a.work), inCallSlot("k3", 1, 10_000, b.work)];
    await tick();
    expect([a.started.value, b.started.value]).toEqual([true, true]);
    a.finish();
    b.finish();
    await Promise.all(both);
  });

  test("a call that waited its whole wait is refused with exact_busy and never runs; the queue goes on", async () => {
    const first = gated();
    const running = inCallSlot("k4", 1, 10_000, first.work);
    let ranLate = false;
    const late = inCallSlot("k4", 1, 50, async () => {
      ranLate = true;
    });
    await expect(late).rejects.toMatchObject({ code: "exact_busy", values: { seconds: 1 } });
    const next = gated();
    const queued = inCallSlot("k4", 1, 10_000, next.work);
    first.finish();
    await running;
    await tick();
    expect(next.started.value).toBe(true);
    next.finish();
    await queued;
    expect(ranLate).toBe(false);
  });

  test("a failing call frees its slot", async () => {
    await expect(inCallSlot("k5", 1, 10_000, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await inCallSlot("k5", 1, 50, async () => "next")).toBe("next");
  });
});
