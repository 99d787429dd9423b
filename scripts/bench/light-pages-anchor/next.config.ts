import path from "node:path";
import type { NextConfig } from "next";

// The anchor of `scripts/bench-light-pages.mts`: a bare Next.js app built with the portal's own
// node_modules (three levels up), so it runs the same next, react, react-hook-form, zod and
// @tanstack/react-table as the portal. Nothing else is configured: it is what a page costs
// before the portal adds anything.
const root = path.resolve(import.meta.dirname, "../../..");

const nextConfig: NextConfig = {
  turbopack: { root },
  outputFileTracingRoot: root,
};

export default nextConfig;
