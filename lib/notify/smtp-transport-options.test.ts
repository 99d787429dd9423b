import { expect, test } from "vitest";
import { smtpTransportOptions } from "./smtp-transport-options";

const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

test("host, port, sign-in (decoded) and plain SMTP with STARTTLS when offered", () => {
  expect(smtpTransportOptions("smtp://mailer%40qics.nl:p%3Ass%2Fw@mail.qics.nl:587")).toEqual({
    host: "mail.qics.nl",
    port: 587,
    secure: false,
    auth: { user: "mailer@qics.nl", pass: "p:ss/w" },
    ...timeouts,
  });
});

test("smtps is TLS from the start; no sign-in without a user name; IPv6 hosts without brackets", () => {
  expect(smtpTransportOptions("smtps://[::1]:465")).toEqual({ host: "::1", port: 465, secure: true, ...timeouts });
});

test("query parameters are options, nested by dots, typed", () => {
  expect(
    smtpTransportOptions(
      "smtp://relay:25?requireTLS=true&tls.rejectUnauthorized=false&connectionTimeout=5000&name=koppeling",
      { SMTP_TLS_UNVERIFIED: "1" },
    ),
  ).toEqual({
    host: "relay",
    port: 25,
    secure: false,
    ...timeouts,
    connectionTimeout: 5000,
    requireTLS: true,
    tls: { rejectUnauthorized: false },
    name: "koppeling",
  });
});

test("anything but smtp:// or smtps:// is refused", () => {
  expect(() => smtpTransportOptions("http://mail.qics.nl")).toThrow("SMTP_URL");
  expect(() => smtpTransportOptions("not a url")).toThrow();
});

test("keys that walk into the prototype are refused, and pollute nothing", () => {
  for (const key of ["__proto__.polluted", "constructor.prototype.polluted", "tls.__proto__.polluted", "prototype"]) {
    expect(() => smtpTransportOptions(`smtp://relay:25?${key}=yes`)).toThrow(/is not an option/);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

test("an unchecked certificate only when the operator says so by name", () => {
  const url = "smtp://relay:587?requireTLS=true&tls.rejectUnauthorized=false";
  expect(() => smtpTransportOptions(url, {})).toThrow(/SMTP_TLS_UNVERIFIED=1/);
  expect(smtpTransportOptions(url, { SMTP_TLS_UNVERIFIED: "1" })).toMatchObject({ tls: { rejectUnauthorized: false } });
  expect(smtpTransportOptions("smtp://relay:587?tls.rejectUnauthorized=true", {})).toMatchObject({
    tls: { rejectUnauthorized: true },
  });
});
