import { openApiDocument } from "@/lib/public-api/openapi-document";

// Public, without a key: the description holds no data, and a tool that generates a client (or
// a person evaluating the API) can read it before anyone has made them a key. The data
// endpoints it describes all need one.
export const dynamic = "force-static";

export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
