import { expect, test } from "vitest";
import { pathOf } from "./path-of";

test("the log sees a path and its query options, never their values", () => {
  expect(pathOf("https://start.exactonline.nl/api/v1/current/Me")).toBe("/api/v1/current/Me");
  expect(
    pathOf("https://x/api/v1/1/crm/Accounts?$filter=Name%20eq%20'Bakkerij%20Jansen'&$select=ID,Name&$select=Code"),
  ).toBe("/api/v1/1/crm/Accounts?$filter=…&$select=…");
});
