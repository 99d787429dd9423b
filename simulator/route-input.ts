import type { IncomingMessage } from "node:http";
import type { Reply } from "./http/reply";
import type { SimContext } from "./sim-context";
import type { Site } from "./sites";

/** What the dispatcher hands every site route. */
export interface RouteInput {
  ctx: SimContext;
  site: Site;
  req: IncomingMessage;
  reply: Reply;
  url: URL;
  /** The path below the site prefix: "/api/oauth2/token" for "/nl/api/oauth2/token". */
  sitePath: string;
  /** The body parsed as a form when it was sent as application/x-www-form-urlencoded. */
  form: URLSearchParams | null;
  /** The body as text ("" for GET and HEAD). */
  body: string;
}
