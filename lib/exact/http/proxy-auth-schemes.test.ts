import { describe, expect, test } from "vitest";
import { offersOnlyWindowsAuth, proxyAuthSchemes } from "@/lib/exact/http/proxy-auth-schemes";

describe("the schemes of a proxy's 407", () => {
  test.each<[string[], string[], boolean]>([
    [["NTLM"], ["ntlm"], true],
    [["NTLM", "Negotiate"], ["ntlm", "negotiate"], true],
    [["Negotiate, NTLM"], ["negotiate", "ntlm"], true],
    [['Basic realm="corp"'], ["basic"], false],
    [['NTLM, Basic realm="a, b"'], ["ntlm", "basic"], false],
    [['Digest realm="x", qop="auth", nonce="abc"', "NTLM"], ["digest", "ntlm"], false],
    [["Negotiate YIIGhgYGKwYBBQUCoIIG"], ["negotiate"], true],
    [[], [], false],
  ])("%j", (challenges, schemes, onlyWindows) => {
    expect(proxyAuthSchemes(challenges)).toEqual(schemes);
    expect(offersOnlyWindowsAuth(challenges)).toBe(onlyWindows);
  });
});
