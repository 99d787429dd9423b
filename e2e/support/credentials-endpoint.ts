import type { APIRequestContext, APIResponse } from "@playwright/test";

/**
 * Signs in the way any HTTP client could, bypassing the form: Auth.js's own
 * POST /api/auth/callback/credentials, with the CSRF token it hands out first.
 */
export async function postCredentials(
  request: APIRequestContext,
  email: string,
  password: string,
): Promise<APIResponse> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  return request.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken, callbackUrl: "/" },
    maxRedirects: 0,
  });
}
