import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Fragment } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/guards/require-user";
import { type Operation, openApiDocument } from "@/lib/public-api/openapi-document";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("apiDocs"))("title") };
}

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: string[];
  anyOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  maxLength?: number;
};

/** `code` in the document's descriptions as <code>; paragraphs on blank lines. */
function Prose({ text }: { text: string }) {
  return text.split("\n\n").map((para) => (
    <p key={para} className="mt-2 text-sm text-slate-700 first:mt-0">
      {para.split("`").map((part, i) =>
        i % 2 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one sentence, in order.
          <code key={i} className="rounded bg-slate-100 px-1 text-xs">
            {part}
          </code>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one sentence, in order.
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </p>
  ));
}

/** A schema's type in a few words: `string (uuid)`, `State`, `DivisionRow[]`, `… | null`. */
function typeOf(s: Schema): string {
  if (s.$ref) return s.$ref.split("/").pop() as string;
  if (s.anyOf) return s.anyOf.map(typeOf).join(" | ");
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.type === "array" && s.items) return `${typeOf(s.items)}[]`;
  const type = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "any");
  const limits = [
    s.format,
    s.minimum !== undefined && s.maximum !== undefined ? `${s.minimum}–${s.maximum}` : null,
    s.maxLength !== undefined ? `≤ ${s.maxLength}` : null,
    s.default !== undefined ? `default ${JSON.stringify(s.default)}` : null,
  ].filter(Boolean);
  return limits.length ? `${type} (${limits.join(", ")})` : type;
}

const CELL = "border-b border-slate-100 px-3 py-1.5 text-left align-top";

/** The curl line for an operation, with the portal's own address and example ids. */
function curlOf(origin: string, method: string, path: string): string {
  const url = `${origin}${path.replace("{id}", "6f1c2a9e-3b7d-4c51-9a0e-2d8b4f6a1c37").replace("{path}", "current/Me")}`;
  const parts = [`curl${method === "get" ? "" : ` -X ${method.toUpperCase()}`}`];
  if (path !== "/api/v1/openapi.json") parts.push('-H "Authorization: Bearer $KOPPELING_API_KEY"');
  if (method === "post" || method === "put") parts.push(`-H "Content-Type: application/json" -d '{…}'`);
  parts.push(`"${url}${path === "/api/v1/divisions" ? "?state=needs_reauth&limit=100" : ""}"`);
  return parts.join(" \\\n  ");
}

// Examples wrap rather than scroll: a scrolling <pre> would need to take keyboard focus.

/**
 * API-documentatie: the OpenAPI document (/api/v1/openapi.json) as a page, rendered on the
 * server from the same object, so it shows exactly what the API does. No client-side bundle.
 */
export default async function ApiDocsPage() {
  const user = await requireUser();
  const [t, h] = await Promise.all([getTranslations("apiDocs"), headers()]);
  const doc = openApiDocument();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const origin = process.env.AUTH_URL?.replace(/\/$/, "") ?? `${h.get("x-forwarded-proto") ?? "http"}://${host}`;
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op: op as Operation })),
  );
  const anchor = (method: string, path: string) => `${method}-${path.replace(/[^a-z0-9]+/gi, "-")}`;

  return (
    <>
      <PageHeader
        title={t("title")}
        intro={t("intro")}
        actions={
          <div className="flex gap-4 text-sm">
            {can(user.role, "api_keys.manage") ? (
              <Link href="/system/api-keys" className="font-medium text-blue-800 underline hover:text-blue-950">
                {t("keysLink")}
              </Link>
            ) : null}
            <a href="/api/v1/openapi.json" className="font-medium text-blue-800 underline hover:text-blue-950">
              {t("openApiLink")}
            </a>
          </div>
        }
      />
      <div className="flex max-w-5xl flex-col gap-8">
        <section aria-labelledby="api-auth" className="rounded border border-slate-200 bg-white p-4">
          <h2 id="api-auth" className="text-lg font-semibold">
            {t("authentication")}
          </h2>
          <Prose text={doc.info.description} />
          <nav aria-label={t("endpoints")} className="mt-3">
            <ul className="flex flex-col gap-1 text-sm">
              {operations.map(({ path, method, op }) => (
                <li key={`${method} ${path}`}>
                  <a href={`#${anchor(method, path)}`} className="text-blue-800 underline hover:text-blue-950">
                    <span className="font-mono text-xs">
                      {method.toUpperCase()} {path}
                    </span>
                  </a>{" "}
                  — {op.summary}
                </li>
              ))}
            </ul>
          </nav>
        </section>

        {operations.map(({ path, method, op }) => {
          const id = anchor(method, path);
          const example = op.responses["200"]?.content?.["application/json"]?.example;
          return (
            <section
              key={id}
              id={id}
              aria-labelledby={`${id}-title`}
              className="rounded border border-slate-200 bg-white p-4"
            >
              <h2 id={`${id}-title`} className="font-mono text-base font-semibold">
                {method.toUpperCase()} {path}
              </h2>
              <p className="mt-1 text-sm font-medium">{op.summary}</p>
              <Prose text={op.description} />
              {op.security?.length === 0 ? <p className="mt-2 text-sm text-slate-600">{t("noKey")}</p> : null}

              {op.parameters.length > 0 ? (
                <>
                  <h3 className="mt-4 text-sm font-semibold">{t("parameters")}</h3>
                  <table className="mt-1 w-full border-collapse text-sm">
                    <thead>
                      <tr className="text-slate-600">
                        <th className={CELL}>{t("name")}</th>
                        <th className={CELL}>{t("in")}</th>
                        <th className={CELL}>{t("type")}</th>
                        <th className={CELL}>{t("description")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {op.parameters.map((p) => (
                        <tr key={p.name}>
                          <td className={`${CELL} font-mono text-xs`}>
                            {p.name}
                            {p.required ? " *" : ""}
                          </td>
                          <td className={CELL}>{p.in === "path" ? t("inPath") : t("inQuery")}</td>
                          <td className={`${CELL} font-mono text-xs`}>{typeOf(p.schema as Schema)}</td>
                          <td className={CELL}>{p.description ? <Prose text={p.description} /> : null}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              ) : null}

              <h3 className="mt-4 text-sm font-semibold">{t("responses")}</h3>
              <table className="mt-1 w-full border-collapse text-sm">
                <thead>
                  <tr className="text-slate-600">
                    <th className={CELL}>{t("status")}</th>
                    <th className={CELL}>{t("description")}</th>
                    <th className={CELL}>{t("body")}</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(op.responses).map(([status, r]) => {
                    const schema = r.content?.["application/json"]?.schema as Schema | undefined;
                    return (
                      <tr key={status}>
                        <td className={`${CELL} font-mono text-xs`}>{status}</td>
                        <td className={CELL}>
                          <Prose text={r.description} />
                        </td>
                        <td className={`${CELL} font-mono text-xs`}>
                          {schema?.$ref ? (
                            <a href={`#schema-${typeOf(schema)}`} className="text-blue-800 underline">
                              {typeOf(schema)}
                            </a>
                          ) : schema ? (
                            "JSON"
                          ) : (
                            "—"
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>

              <h3 className="mt-4 text-sm font-semibold">{t("example")}</h3>
              <pre className="mt-1 rounded bg-slate-900 p-3 text-xs break-all whitespace-pre-wrap text-slate-100">
                <code>{curlOf(origin, method, path)}</code>
              </pre>
              {example ? (
                <pre className="mt-2 rounded bg-slate-100 p-3 text-xs break-all whitespace-pre-wrap text-slate-900">
                  <code>{JSON.stringify(example, null, 2)}</code>
                </pre>
              ) : null}
            </section>
          );
        })}

        <section aria-labelledby="api-schemas" className="rounded border border-slate-200 bg-white p-4">
          <h2 id="api-schemas" className="text-lg font-semibold">
            {t("schemas")}
          </h2>
          {Object.entries(doc.components.schemas as Record<string, Schema>).map(([name, schema]) => (
            <div key={name} id={`schema-${name}`} className="mt-4">
              <h3 className="font-mono text-sm font-semibold">{name}</h3>
              {schema.description ? <Prose text={schema.description} /> : null}
              {schema.properties ? (
                <table className="mt-1 w-full border-collapse text-sm">
                  <thead>
                    <tr className="text-slate-600">
                      <th className={CELL}>{t("name")}</th>
                      <th className={CELL}>{t("type")}</th>
                      <th className={CELL}>{t("description")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {Object.entries(schema.properties).map(([prop, s]) => (
                      <tr key={prop}>
                        <td className={`${CELL} font-mono text-xs`}>{prop}</td>
                        <td className={`${CELL} font-mono text-xs`}>{typeOf(s)}</td>
                        <td className={CELL}>{s.description ? <Prose text={s.description} /> : null}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p className="mt-1 font-mono text-xs">{typeOf(schema)}</p>
              )}
            </div>
          ))}
        </section>
      </div>
    </>
  );
}
