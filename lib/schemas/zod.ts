import { z } from "zod";

// zod 4 probes `new Function("")` to decide whether to compile parsers; the portal's CSP
// forbids eval, so in the browser the probe alone reports a violation. Every schema imports
// z from here, so the probe never runs.
z.config({ jitless: true });

export { z };
