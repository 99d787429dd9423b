import { config } from "zod";

// zod 4 probes `new Function("")` to decide whether to compile parsers; the portal's CSP
// forbids eval, so in the browser the probe alone reports a violation. Every module that builds
// a schema imports this file beside `import { z } from "zod"`, so the probe never runs.
//
// It only configures, and does not hand `z` on: the bundler keeps a namespace that passes
// through a second module whole, every locale of zod with it (70 KB gzipped more on each page
// with a form); imported straight from "zod", z is shaken down to what the schemas use.
config({ jitless: true });
