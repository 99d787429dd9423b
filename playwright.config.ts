import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { E2E_BASE_URL } from "./e2e/support/constants";

// Debian's Chromium where present (Playwright cannot download its own here); elsewhere
// Playwright's own browser.
const DEBIAN_CHROMIUM = "/usr/bin/chromium";
const launchOptions = existsSync(DEBIAN_CHROMIUM)
  ? {
      executablePath: DEBIAN_CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    }
  : {};

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/support/global-setup.ts",
  // The specs share one database and assert on it: one at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 30_000,
  reporter: process.env.CI ? "line" : "list",
  use: {
    baseURL: E2E_BASE_URL,
    browserName: "chromium",
    locale: "nl-NL",
    timezoneId: "Europe/Amsterdam",
    launchOptions,
    trace: "retain-on-failure",
    // A click on what never comes fails in words within seconds, not at the test's time-out.
    actionTimeout: 15_000,
  },
  projects: [
    { name: "desktop", testIgnore: /\.phone\.spec\.ts$/ },
    // A team lead checks the overview on a phone: the seed's walk (OAuth logins, part 2 in
    // settings), the overview, axe on every page, and the phone's own layout checks, at 390 × 844.
    {
      name: "phone",
      testMatch: /(oauth-logins|settings|overview|accessibility|layout|[a-z-]+\.phone)\.spec\.ts$/,
      use: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true },
    },
  ],
});
