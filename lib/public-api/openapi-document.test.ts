import { describe, expect, test } from "vitest";
import { administrationListSchema, administrationOneSchema, divisionPageSchema, errorSchema } from "./api-schemas";
import { DIVISION_SERVICES } from "./exact-division-scope";
import { openApiDocument } from "./openapi-document";

const SCHEMAS = {
  AdministrationList: administrationListSchema,
  AdministrationOne: administrationOneSchema,
  DivisionPage: divisionPageSchema,
  Error: errorSchema,
} as const;

describe("the OpenAPI document", () => {
  const doc = openApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );

  test("is OpenAPI 3.1 with the bearer key as the default security", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.security).toEqual([{ apiKey: [] }]);
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  });

  test("describes every endpoint, the Exact pass-through with its four methods", () => {
    expect(operations.map((o) => `${o.method.toUpperCase()} ${o.path}`)).toEqual([
      "GET /api/v1/administrations",
      "GET /api/v1/administrations/{id}",
      "GET /api/v1/divisions",
      "GET /api/v1/administrations/{id}/exact/{path}",
      "POST /api/v1/administrations/{id}/exact/{path}",
      "PUT /api/v1/administrations/{id}/exact/{path}",
      "DELETE /api/v1/administrations/{id}/exact/{path}",
      "GET /api/v1/openapi.json",
    ]);
    const exact = doc.paths["/api/v1/administrations/{id}/exact/{path}"];
    for (const op of Object.values(exact)) {
      expect(Object.keys(op.responses)).toEqual(
        expect.arrayContaining(["200", "400", "401", "403", "404", "409", "502", "503", "504"]),
      );
      expect(Object.keys(op.responses["200"].headers ?? {})).toContain("X-RateLimit-Remaining");
    }
    expect(exact.post?.requestBody).toBeDefined();
    expect(Object.keys(exact.post?.responses ?? {})).toContain("413");
    expect(exact.get?.requestBody).toBeUndefined();
  });

  test("the pass-through names its allow-list, and its 403 the division scope and the portal's own list", () => {
    for (const op of Object.values(doc.paths["/api/v1/administrations/{id}/exact/{path}"])) {
      for (const service of DIVISION_SERVICES) expect(op.description).toContain(`\`${service}\``);
      expect(op.description).toContain("EXACT_EXTRA_SERVICES");
      expect(op.responses["403"].description).toContain("`division_scope`");
      expect(op.responses["403"].content?.["application/json"].example).toMatchObject({
        error: { code: "division_scope", message: expect.stringContaining("GET /api/v1/divisions") },
      });
    }
  });

  test("every $ref names a component schema, and every key-protected operation answers 401", () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(doc.components.schemas).toHaveProperty(r);
    for (const { op } of operations) if (op.security === undefined) expect(op.responses).toHaveProperty("401");
  });

  test("a key's scope and its maker: writes may be refused for a read key, any call for a stopped maker", () => {
    const exact = doc.paths["/api/v1/administrations/{id}/exact/{path}"];
    for (const op of [exact.post, exact.put, exact.delete]) {
      expect(op?.responses["403"].description).toContain("`api_key_read_only`");
    }
    expect(exact.get?.responses["403"].description).not.toContain("api_key_read_only");
    expect(exact.get?.responses["401"].description).toContain("`api_key_creator_inactive`");
    expect(doc.info.description).toContain("`read-write`");
  });

  test("the divisions parameters are the handler's own schema: filters, limit 1–500, cursor", () => {
    const params = doc.paths["/api/v1/divisions"].get?.parameters ?? [];
    expect(params.map((p) => p.name)).toEqual(["state", "login", "admin", "site", "q", "limit", "cursor"]);
    expect(params.find((p) => p.name === "limit")?.schema).toMatchObject({ minimum: 1, maximum: 500, default: 100 });
    expect(params.every((p) => p.in === "query" && !p.required)).toBe(true);
  });

  test("every example is a valid answer of its schema", () => {
    let checked = 0;
    for (const { op } of operations) {
      for (const response of Object.values(op.responses)) {
        const media = response.content?.["application/json"];
        const id = (media?.schema as { $ref?: string } | undefined)?.$ref?.split("/").pop() as keyof typeof SCHEMAS;
        if (!media || !(id in SCHEMAS)) continue;
        expect(() => SCHEMAS[id].parse(media.example)).not.toThrow();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  test("answers may gain fields: no schema forbids additional properties", () => {
    expect(JSON.stringify(doc.components.schemas)).not.toContain('"additionalProperties":false');
  });
});
