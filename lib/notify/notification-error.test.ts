import { expect, test } from "vitest";
import { isRetryable, NotificationError } from "./notification-error";
import { webhookSignature } from "./send-webhook-notification";

test("isRetryable: as the error says; anything else (a database hiccup) is tried again", () => {
  expect(isRetryable(new NotificationError("webhook", "webhook_status", true, { status: 503 }))).toBe(true);
  expect(isRetryable(new NotificationError("webhook", "webhook_status", false, { status: 400 }))).toBe(false);
  expect(isRetryable(new Error("connection reset"))).toBe(true);
});

test("the webhook signature is the hex HMAC-SHA256 of the body with the secret", () => {
  // RFC 4231-style known answer.
  expect(webhookSignature("key", "The quick brown fox jumps over the lazy dog")).toBe(
    "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
  );
});
