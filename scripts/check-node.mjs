// Runs before `npm start`, `npm run dev` and `npm run worker` (their pre-scripts), in plain
// JavaScript so that it still runs on a Node.js too old for the portal itself: one sentence
// and exit code 1 instead of a failure deep inside a dependency later on.
// `node scripts/check-node.mjs [version]` checks the running Node, or the version given.
import { readFileSync } from "node:fs";
import semver from "semver";

const { engines } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const version = process.argv[2] ?? process.version;

if (!semver.satisfies(version, engines.node)) {
  const minimum = semver.minVersion(engines.node);
  console.error(
    `Koppeling needs Node.js ${minimum} or later (22, 24 or 26) and this is ${semver.clean(version) ?? version}: ` +
      "install Node.js 24 LTS as the README's “Node.js” section says, and start again.",
  );
  process.exit(1);
}
