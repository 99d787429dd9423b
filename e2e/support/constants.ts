// Fixed values the e2e global setup seeds and the specs sign in with.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
// localhost, not 127.0.0.1: Auth.js builds its URLs on localhost and cookies must match.
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
export const E2E_ADMIN = { email: "e2e-admin@example.test", name: "E2E Admin", password: "e2e-admin-password-1" };
/** Where the e2e SMTP server (global setup) writes each message it receives, one JSON file each. */
export const E2E_MAIL_DIR = ".data/e2e-mail";
/** Where the e2e global setup writes everything the `next start` server prints (stdout and stderr). */
export const E2E_SERVER_LOG = ".data/e2e-server.log";
