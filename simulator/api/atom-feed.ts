import { escapeHtml as x } from "../html/escape-html";

/**
 * The OData v2 Atom answer Exact gives when the client does not send `Accept: application/json`
 * (EXACT_ONLINE.md: "without it Exact may answer XML"). Enough to be recognisably not JSON and
 * parseable as XML; clients are expected to ask for JSON.
 */
export function atomFeed(options: {
  id: string;
  title: string;
  updated: number;
  typeName: string;
  entries: { uri: string; properties: Record<string, unknown> }[];
  next?: string;
}): string {
  const entries = options.entries
    .map(
      (
        entry,
      ) => `<entry><id>${x(entry.uri)}</id><title type="text"></title><updated>${new Date(options.updated).toISOString()}</updated>
<category term="${x(options.typeName)}" scheme="http://schemas.microsoft.com/ado/2007/08/dataservices/scheme" />
<content type="application/xml"><m:properties>${Object.entries(entry.properties)
        .map(([k, v]) => property(k, v))
        .join("")}</m:properties></content></entry>`,
    )
    .join("\n");
  const next = options.next ? `<link rel="next" href="${x(options.next)}" />` : "";
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">
<id>${x(options.id)}</id><title type="text">${x(options.title)}</title><updated>${new Date(options.updated).toISOString()}</updated>
${entries}
${next}</feed>`;
}

function property(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<d:${name} m:null="true" />`;
  if (typeof value === "boolean") return `<d:${name} m:type="Edm.Boolean">${value}</d:${name}>`;
  if (typeof value === "number") {
    const type = Number.isInteger(value) ? "Edm.Int32" : "Edm.Double";
    return `<d:${name} m:type="${type}">${value}</d:${name}>`;
  }
  const text = String(value);
  const date = /^\/Date\((-?\d+)\)\/$/.exec(text);
  if (date)
    return `<d:${name} m:type="Edm.DateTime">${new Date(Number(date[1])).toISOString().slice(0, 23)}</d:${name}>`;
  return `<d:${name}>${x(text)}</d:${name}>`;
}
