import { apiRoute } from "@/lib/public-api/api-route";
import { methodNotAllowed, passThroughToExact } from "@/lib/public-api/exact-pass-through";

export const dynamic = "force-dynamic";

type Params = { id: string; path: string[] };

// Another system's call to Exact through an administration's link (lib/public-api/exact-pass-through.ts).
// Every method goes through apiRoute: the key first, then the call, logged and counted.
export const GET = apiRoute<Params>(passThroughToExact);
export const POST = apiRoute<Params>(passThroughToExact);
export const PUT = apiRoute<Params>(passThroughToExact);
export const DELETE = apiRoute<Params>(passThroughToExact);
// Without these Next would answer PATCH with an empty 405 and HEAD by running GET (a call to
// Exact whose body nobody reads).
export const PATCH = apiRoute<Params>(async () => methodNotAllowed());
export const HEAD = apiRoute<Params>(async () => methodNotAllowed());
