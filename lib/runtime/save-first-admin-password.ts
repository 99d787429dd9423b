import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * In production the first admin's generated password goes to a file only its owner can read,
 * not to stdout, where a process manager or log shipper would keep it for anyone to read.
 */
export function saveFirstAdminPassword(file: string, email: string, password: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `e-mail:   ${email}\npassword: ${password}\n`, { mode: 0o600 });
  // The mode above applies only to a new file; an old one keeps its own.
  chmodSync(file, 0o600);
}
