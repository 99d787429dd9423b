// Fixed values the e2e global setup starts the portal with and the specs sign in with.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
// localhost, not 127.0.0.1: Auth.js builds its URLs on localhost and cookies must match.
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
/** The first admin, made by `npm start` from ADMIN_EMAIL and ADMIN_PASSWORD (so named "Administrator"). */
export const E2E_ADMIN = {
  email: "e2e-admin@example.test",
  name: "Administrator",
  password: "e2e-admin-password-1",
};
/** The e2e portal's KOPPELING_DATA_DIR: its embedded PostgreSQL, secrets and simulator state. */
export const E2E_DATA_DIR = ".data/e2e-portal";
/** Its embedded PostgreSQL and its simulator: ports apart from a developer's portal (54320, 4010). */
export const E2E_PG_PORT = 54331;
export const E2E_SIM_PORT = 4311;
/** Its Prometheus metrics: apart from a developer's portal (9464). */
export const E2E_METRICS_PORT = 9474;
/** Where the e2e SMTP server (global setup) writes each message it receives, one JSON file each. */
export const E2E_MAIL_DIR = ".data/e2e-mail";
/** Where the e2e global setup writes everything `npm start` prints (stdout and stderr). */
export const E2E_SERVER_LOG = ".data/e2e-server.log";
