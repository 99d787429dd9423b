import { describe, expect, test } from "vitest";
import { metricsSettings } from "./metrics-settings";

describe("metricsSettings", () => {
  test.each([
    ["npm start, nothing set: 127.0.0.1:9464", {}, true, { serve: true, host: "127.0.0.1", port: 9464 }],
    ["npm run worker, nothing set: not served", {}, false, { serve: false }],
    [
      "the worker with METRICS_PORT set",
      { METRICS_PORT: "9500" },
      false,
      { serve: true, host: "127.0.0.1", port: 9500 },
    ],
    ["off", { METRICS_PORT: "off" }, true, { serve: false }],
    ["OFF, any case", { METRICS_PORT: " OFF " }, true, { serve: false }],
    ["another host", { METRICS_HOST: "0.0.0.0" }, true, { serve: true, host: "0.0.0.0", port: 9464 }],
    ["an empty port is the default", { METRICS_PORT: "" }, true, { serve: true, host: "127.0.0.1", port: 9464 }],
  ])("%s", (_, env, byDefault, expected) => {
    expect(metricsSettings(env, byDefault)).toEqual(expected);
  });

  test.each(["0", "65536", "94x", "-1", "9.5"])(
    "METRICS_PORT=%s is refused in words, and nothing is served",
    (port) => {
      const settings = metricsSettings({ METRICS_PORT: port }, true);
      expect(settings.serve).toBe(false);
      expect(settings).toMatchObject({ problem: expect.stringContaining("METRICS_PORT must be a port number") });
    },
  );
});
