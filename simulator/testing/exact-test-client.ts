import type { Site } from "../sites";
import type { ExactSimulator, ExactSimulatorApp } from "../start-exact-simulator";
import { CookieJar } from "./cookie-jar";

export interface TokenPair {
  access_token: string;
  token_type: string;
  expires_in: string;
  refresh_token: string;
}

export interface AuthorizeOptions {
  state?: string | null;
  forceLogin?: boolean;
  clientId?: string;
  redirectUri?: string;
}

/**
 * Drives the simulator the way a browser and a portal would: plain fetch, redirects followed by
 * hand (redirect: "manual"), cookies kept in a jar.
 */
export class ExactTestClient {
  jar = new CookieJar();
  readonly app: ExactSimulatorApp;

  constructor(
    readonly sim: ExactSimulator,
    readonly site: Site = "NL",
    app?: ExactSimulatorApp,
  ) {
    const found = app ?? sim.apps.find((a) => a.site === site);
    if (!found) throw new Error(`no app on ${site}`);
    this.app = found;
  }

  get base(): string {
    return this.sim.siteUrl(this.site);
  }

  authorizeUrl(options: AuthorizeOptions = {}): string {
    const params = new URLSearchParams({
      client_id: options.clientId ?? this.app.clientId,
      redirect_uri: options.redirectUri ?? this.app.redirectUri,
      response_type: "code",
    });
    if (options.state !== null) params.set("state", options.state ?? "state-123");
    params.set("force_login", options.forceLogin ? "1" : "0");
    return `${this.base}/api/oauth2/auth?${params}`;
  }

  async get(url: string): Promise<Response> {
    const response = await fetch(url, { redirect: "manual", headers: { cookie: this.jar.header(url) } });
    this.jar.take(response);
    return response;
  }

  async postForm(url: string, form: Record<string, string>): Promise<Response> {
    const response = await fetch(url, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: this.jar.header(url) },
      body: new URLSearchParams(form),
    });
    this.jar.take(response);
    return response;
  }

  /** Follows a same-simulator redirect (login → consent). */
  async follow(response: Response): Promise<Response> {
    const location = response.headers.get("location");
    if (!location) throw new Error(`expected a redirect, got ${response.status}`);
    return this.get(new URL(location, this.sim.url).toString());
  }

  async login(requestId: string, userName: string, password: string): Promise<Response> {
    return this.postForm(`${this.base}/api/oauth2/login`, { request: requestId, username: userName, password });
  }

  async decide(requestId: string, decision: "allow" | "deny"): Promise<Response> {
    return this.postForm(`${this.base}/api/oauth2/consent`, { request: requestId, decision });
  }

  /**
   * The whole browser round trip: authorize → (login) → consent → decision. Returns the final
   * redirect to the app's redirect URI.
   */
  async authorize(
    options: AuthorizeOptions & { userName?: string; password?: string; decision?: "allow" | "deny" } = {},
  ): Promise<URL> {
    let page = await this.get(this.authorizeUrl(options));
    let html = await page.text();
    if (html.includes('name="password"')) {
      const login = await this.login(
        requestIdOf(html),
        options.userName ?? this.sim.firstUser.userName,
        options.password ?? this.sim.firstUser.password,
      );
      if (login.status !== 302) throw new Error(`login failed: ${login.status}`);
      page = await this.follow(login);
      html = await page.text();
    }
    const decision = await this.decide(requestIdOf(html), options.decision ?? "allow");
    if (decision.status !== 302) throw new Error(`consent failed: ${decision.status}`);
    return new URL(decision.headers.get("location") ?? "");
  }

  async token(form: Record<string, string>, options: { basic?: boolean; site?: Site } = {}): Promise<Response> {
    const body = new URLSearchParams(form);
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (options.basic) {
      headers.authorization = `Basic ${Buffer.from(`${this.app.clientId}:${this.app.clientSecret}`).toString("base64")}`;
    } else {
      body.set("client_id", body.get("client_id") ?? this.app.clientId);
      body.set("client_secret", body.get("client_secret") ?? this.app.clientSecret);
    }
    const base = options.site ? this.sim.siteUrl(options.site) : this.base;
    return fetch(`${base}/api/oauth2/token`, { method: "POST", headers, body });
  }

  async exchange(code: string, options: { redirectUri?: string; basic?: boolean } = {}): Promise<Response> {
    return this.token(
      { grant_type: "authorization_code", code, redirect_uri: options.redirectUri ?? this.app.redirectUri },
      { basic: options.basic },
    );
  }

  async refresh(refreshToken: string): Promise<Response> {
    return this.token({ grant_type: "refresh_token", refresh_token: refreshToken });
  }

  /** Consent and code exchange in one: a fresh token pair for the user. */
  async connect(options: { userName?: string; password?: string } = {}): Promise<TokenPair> {
    const location = await this.authorize(options);
    const code = location.searchParams.get("code");
    if (!code) throw new Error("no code");
    const response = await this.exchange(code);
    if (response.status !== 200) throw new Error(`exchange failed: ${response.status}`);
    return (await response.json()) as TokenPair;
  }

  async api(path: string, accessToken: string, accept: string | null = "application/json"): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${accessToken}` };
    if (accept) headers.accept = accept;
    return fetch(path.startsWith("http") ? path : `${this.base}/api/v1/${path}`, { headers });
  }

  async control(path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.sim.url}/_control/${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async advance(seconds: number): Promise<void> {
    const response = await this.control("clock", { advanceSeconds: seconds });
    if (response.status !== 200) throw new Error(`clock: ${response.status}`);
  }

  /**
   * Moves the simulator's clock to `plusSeconds` past the next whole `periodSeconds` (60: the
   * next minute, 86400: the next 00:00 UTC), so a test starts at a known point of Exact's
   * aligned rate-limit windows.
   */
  async advanceToNext(periodSeconds: number, plusSeconds = 0): Promise<number> {
    const { now } = (await (await this.control("clock")).json()) as { now: number };
    const period = periodSeconds * 1000;
    const target = now - (now % period) + period + plusSeconds * 1000;
    await this.advance((target - now) / 1000);
    return target;
  }
}

/** The pending-request id the login and consent forms carry. */
export function requestIdOf(html: string): string {
  const match = /name="request" value="([^"]+)"/.exec(html);
  if (!match) throw new Error("no request id in page");
  return match[1];
}
