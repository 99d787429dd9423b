import { describe, expect, test } from "vitest";
import {
  emailRecipientsSchema,
  isWebhookUrl,
  notificationSettingsSchema,
  webhookUrlSchema,
} from "./notification-settings";

describe("emailRecipientsSchema", () => {
  test.each([
    ["", ""],
    ["  ", ""],
    ["beheer@qics.nl", "beheer@qics.nl"],
    ["a@qics.nl,b@qics.nl", "a@qics.nl, b@qics.nl"],
    [" a@qics.nl ; b@qics.nl\nc@qics.nl,, ", "a@qics.nl, b@qics.nl, c@qics.nl"],
  ])("%j is written back as %j", (value, written) => {
    expect(emailRecipientsSchema.parse(value)).toBe(written);
    // What the form sends again parses to the same.
    expect(emailRecipientsSchema.parse(written)).toBe(written);
  });

  test.each(["beheer", "a@qics.nl, nope", "a@@qics.nl", "<a@qics.nl>", `${"a".repeat(250)}@qics.nl`])(
    "%j is refused with invalid_email_list",
    (value) => {
      const r = emailRecipientsSchema.safeParse(value);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0].message).toBe("invalid_email_list");
    },
  );
});

describe("webhook URL", () => {
  test.each(["https://hooks.example.nl/koppeling", "http://127.0.0.1:8080/x?channel=ops", "https://[::1]/"])(
    "%s is a webhook URL",
    (value) => {
      expect(isWebhookUrl(value)).toBe(true);
      expect(webhookUrlSchema.parse(` ${value} `)).toBe(value);
    },
  );

  test.each([
    ["another scheme", "ftp://hooks.example.nl/"],
    ["javascript", "javascript:alert(1)"],
    ["a file", "file:///etc/passwd"],
    ["credentials in the URL", "https://user:pw@hooks.example.nl/"],
    ["a user name in the URL", "https://user@hooks.example.nl/"],
    ["no scheme", "hooks.example.nl/koppeling"],
    ["not a URL", "http://"],
  ])("%s is refused (%s)", (_, value) => {
    const r = webhookUrlSchema.safeParse(value);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe("invalid_webhook_url");
  });

  test("empty means the server's default", () => {
    expect(webhookUrlSchema.parse("")).toBe("");
  });
});

test("the webhook secret is write-only: keep, clear, or a new one", () => {
  const base = { notifyEmailTo: "", notifyWebhookUrl: "" };
  expect(notificationSettingsSchema.parse({ ...base, notifyWebhookSecretAction: "keep" }).notifyWebhookSecret).toBe("");
  expect(notificationSettingsSchema.safeParse({ ...base, notifyWebhookSecretAction: "show" }).success).toBe(false);
  const withSecret = (notifyWebhookSecret: string, notifyWebhookUrl = "https://hooks.example.nl/k") =>
    notificationSettingsSchema
      .safeParse({ ...base, notifyWebhookUrl, notifyWebhookSecretAction: "keep", notifyWebhookSecret })
      .error?.issues.map((i) => [i.path.join("."), i.message]);
  expect(withSecret("x".repeat(16))).toBeUndefined();
  expect(withSecret("x".repeat(501))).toEqual([["notifyWebhookSecret", "too_long"]]);
  expect(withSecret("short")).toEqual([["notifyWebhookSecret", "webhook_secret_too_short"]]);
  // A secret belongs to the environment's own URL.
  expect(withSecret("x".repeat(16), "")).toEqual([["notifyWebhookSecret", "needs_webhook_url"]]);
});
