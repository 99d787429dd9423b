import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ReceivedMail } from "../../tests/support/smtp-receiver";
import { E2E_MAIL_DIR } from "./constants";

/** Every message the e2e SMTP server has received so far (global setup writes them). */
export function receivedMails(): ReceivedMail[] {
  return readdirSync(E2E_MAIL_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(E2E_MAIL_DIR, f), "utf8")) as ReceivedMail);
}
