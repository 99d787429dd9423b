/** A tiny browser cookie jar for tests that drive the HTML pages with fetch (path-aware). */
export class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string; attributes: string[] }>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? "/";
      const key = `${name}|${path}`;
      if (!value || attributes.some((a) => /^max-age=0$/i.test(a))) this.cookies.delete(key);
      else this.cookies.set(key, { value, path, attributes });
    }
  }

  header(url: string): string {
    const { pathname } = new URL(url);
    return [...this.cookies.entries()]
      .filter(([, c]) => pathname === c.path || pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`))
      .map(([key, c]) => `${key.split("|")[0]}=${c.value}`)
      .join("; ");
  }

  /** The raw Set-Cookie attributes of a cookie, for assertions (HttpOnly, Path). */
  attributes(name: string): string[] | null {
    for (const [key, c] of this.cookies) if (key.split("|")[0] === name) return c.attributes;
    return null;
  }

  get size(): number {
    return this.cookies.size;
  }
}
