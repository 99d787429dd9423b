import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ExactSimulator, startExactSimulator } from "../start-exact-simulator";
import { ExactTestClient } from "../testing/exact-test-client";

// {division}/project/TimeTransactions: the one resource that takes POST, PUT and DELETE.

let sim: ExactSimulator;
let client: ExactTestClient;
let token: string;
beforeAll(async () => {
  sim = await startExactSimulator({ port: 0, stateFile: null, control: true });
  client = new ExactTestClient(sim);
  await client.control("options", { errorsPerHour: 0 });
  token = (await client.connect()).access_token;
});
afterAll(() => sim.close());

const ITEM = "6a1d7f3c-1111-4c4c-9a9a-0123456789ab";

function send(method: string, path: string, body?: unknown) {
  return fetch(`${sim.siteUrl("NL")}/api/v1/${path}`, {
    method,
    headers: { Accept: "application/json", Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("TimeTransactions", () => {
  test("POST makes one (201, the entity in d), GET lists and reads it, PUT changes it (204), DELETE removes it", async () => {
    const created = await send("POST", "2340001/project/TimeTransactions", {
      Item: ITEM,
      Quantity: 7.5,
      Notes: "Uren",
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("x-ratelimit-minutely-remaining")).not.toBeNull();
    const { d } = (await created.json()) as { d: Record<string, unknown> & { ID: string } };
    expect(d).toMatchObject({ Division: 2340001, Item: ITEM, Quantity: 7.5, Notes: "Uren", Project: null });
    expect(d.__metadata).toEqual({
      uri: `${sim.siteUrl("NL")}/api/v1/2340001/project/TimeTransactions(guid'${d.ID}')`,
      type: "Exact.Web.Api.Models.Project.TimeTransaction",
    });
    const entity = `2340001/project/TimeTransactions(guid'${d.ID}')`;

    const list = (await (await send("GET", "2340001/project/TimeTransactions")).json()) as {
      d: { results: { ID: string }[] };
    };
    expect(list.d.results.map((r) => r.ID)).toContain(d.ID);
    // Another division has its own.
    const other = (await (await send("GET", "2340002/project/TimeTransactions")).json()) as {
      d: { results: unknown[] };
    };
    expect(other.d.results).toEqual([]);

    const put = await send("PUT", entity, { Quantity: 8 });
    expect(put.status).toBe(204);
    expect(put.headers.get("content-length")).toBeNull();
    expect(await put.text()).toBe("");
    const read = (await (await send("GET", entity)).json()) as { d: Record<string, unknown> };
    expect(read.d).toMatchObject({ Quantity: 8, Notes: "Uren" });

    expect((await send("DELETE", entity)).status).toBe(204);
    expect((await send("GET", entity)).status).toBe(404);
    expect((await send("DELETE", entity)).status).toBe(404);
  });

  test.each([
    ["not JSON", "{Quantity", "The request body is not valid JSON."],
    ["a field Exact does not know", { Quantity: 1, Hours: 2 }, "Property 'Hours' does not exist"],
    ["a value of the wrong type", { Quantity: "acht" }, "Property 'Quantity' has a value of the wrong type."],
    ["no Quantity", { Notes: "x" }, "Mandatory: Quantity."],
  ])("POST with %s: 400 in Exact's error shape", async (_, body, message) => {
    const response = await send("POST", "2340001/project/TimeTransactions", body);
    expect(response.status).toBe(400);
    const error = (await response.json()) as { error: { message: { value: string } } };
    expect(error.error.message.value).toContain(message);
  });

  test("methods per form of the path: 405 with Allow", async () => {
    const collection = await send("PUT", "2340001/project/TimeTransactions", { Quantity: 1 });
    expect(collection.status).toBe(405);
    expect(collection.headers.get("allow")).toBe("GET, POST");
    const entity = await send("POST", "2340001/project/TimeTransactions(guid'6a1d7f3c-1111-4c4c-9a9a-0123456789ab')");
    expect(entity.status).toBe(405);
    expect(entity.headers.get("allow")).toBe("GET, PUT, DELETE");
    expect((await send("POST", "current/Me", {})).headers.get("allow")).toBe("GET");
  });

  test("a division the user cannot open: 403; query options: 400; counted as project/TimeTransactions", async () => {
    expect((await send("POST", "2340007/project/TimeTransactions", { Quantity: 1 })).status).toBe(403);
    expect((await send("GET", "2340001/project/TimeTransactions?$filter=Quantity gt 1")).status).toBe(400);
    const counters = (await (await client.control("counters")).json()) as { api: Record<string, number> };
    expect(counters.api["project/TimeTransactions"]).toBeGreaterThan(0);
  });
});
