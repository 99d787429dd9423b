import { type NextRequest, NextResponse } from "next/server";
import NextAuth from "next-auth";
import { authConfig } from "./lib/auth/auth-config";
import { signInCallback } from "./lib/auth/sign-in-callback";
import { contentSecurityPolicy } from "./lib/security/content-security-policy";
import { exactOrigins } from "./lib/security/exact-origins";

const { auth } = NextAuth(authConfig);

// /livez and /readyz: asked by load balancers and orchestrators, which have no session.
const PUBLIC_PATHS = ["/login", "/livez", "/readyz"];

// Two years, subdomains too: once a browser has seen the portal over https it never tries
// http again. Sent only on an answer that went over https — directly, or through the
// TLS-terminating proxy in front (X-Forwarded-Proto); browsers ignore it over http anyway.
const HSTS = "max-age=63072000; includeSubDomains";
const overHttps = (req: NextRequest) =>
  req.nextUrl.protocol === "https:" || req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";

// The cheap first layer: anonymous visitors go to sign-in, and every page gets a CSP nonce.
// The real checks (role, disabled) are in each page, action and route (lib/guards/require-user.ts).
export const proxy = auth((req) => {
  const { pathname, search } = req.nextUrl;
  if (!req.auth && !PUBLIC_PATHS.includes(pathname)) {
    const url = new URL("/login", req.nextUrl);
    const callbackUrl = signInCallback(pathname, search);
    if (callbackUrl) url.searchParams.set("callbackUrl", callbackUrl);
    const redirect = NextResponse.redirect(url);
    if (overHttps(req)) redirect.headers.set("strict-transport-security", HSTS);
    return redirect;
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development", exactOrigins());
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("content-security-policy", csp);
  if (overHttps(req)) res.headers.set("strict-transport-security", HSTS);
  return res;
});

export const config = {
  // API routes check the session themselves and answer with status codes, not redirects.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
