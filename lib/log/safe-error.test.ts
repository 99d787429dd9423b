import { expect, test } from "vitest";
import { safeErrorMessage, serializeError } from "./safe-error";

// The shape drizzle 0.45 gives a failed query (DrizzleQueryError).
function failedQuery() {
  const e = new Error(
    'Failed query: insert into "users" ("email", "password_hash") values ($1, $2)\nparams: ann@x.nl,$argon2id$v=19$m=19456$SECRET',
    { cause: new Error('duplicate key value violates unique constraint "users_email_lower_idx"') },
  );
  return Object.assign(e, { params: ["ann@x.nl", "$argon2id$v=19$m=19456$SECRET"] });
}

test("a failed query's parameters are cut from the message, the cause is kept", () => {
  const message = safeErrorMessage(failedQuery());
  expect(message).not.toContain("argon2");
  expect(message).toContain("Failed query: insert into");
  expect(message).toContain("duplicate key value");
});

test("the log serializer never carries params", () => {
  const serialized = serializeError(failedQuery());
  expect(JSON.stringify(serialized)).not.toContain("SECRET");
  expect(serialized).not.toHaveProperty("params");
  expect(serialized.type).toBe("Error");
});

test("plain values and errors without params pass through", () => {
  expect(safeErrorMessage("boom")).toBe("boom");
  expect(safeErrorMessage(new Error("connect ECONNREFUSED"))).toBe("connect ECONNREFUSED");
});

test("an error copied into a plain object (pg-boss's worker errors) keeps its message and code, not its params", () => {
  const copied = { ...failedQuery(), message: failedQuery().message, stack: "at x", code: "ECONNREFUSED", queue: "q" };
  const serialized = serializeError(copied);
  expect(serialized.message).toContain("Failed query: insert into");
  expect(serialized.code).toBe("ECONNREFUSED");
  expect(JSON.stringify(serialized)).not.toContain("SECRET");
  expect(serializeError({ nothing: 1 })).toEqual({ message: "[object Object]" });
});
