import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// The top entries of V8 CPU profiles (`node --cpu-prof`): self time per function and per file
// or package, summed over every profile in a directory. Self time is where the CPU was when
// sampled, not what a function called.

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

export type ProfileEntry = { name: string; ms: number; share: number };

/** Where a script URL belongs: a package under node_modules, a Next chunk, node's own, or a file. */
function placeOf(url: string): string {
  if (!url) return "(native / V8)";
  if (url.startsWith("node:")) return url;
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    const pkg = rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
    return pkg === "next" ? `next/${rest.slice(1, 4).join("/")}` : pkg;
  }
  const chunk = url.indexOf(".next/");
  if (chunk >= 0) return url.slice(chunk);
  return path.basename(url);
}

export function topOfProfiles(
  files: string[],
  limit = 15,
): { functions: ProfileEntry[]; places: ProfileEntry[]; totalMs: number } {
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let totalMs = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const node = nodes.get(id);
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      if (!node) return;
      const { functionName, url, lineNumber } = node.callFrame;
      // The idle loop is not the process working.
      if (functionName === "(idle)") return;
      totalMs += ms;
      const place = placeOf(url);
      const name = `${functionName || "(anonymous)"} ${url ? `${place}:${lineNumber + 1}` : ""}`.trim();
      byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
      byPlace.set(place, (byPlace.get(place) ?? 0) + ms);
    });
  }
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, ms]) => ({ name, ms, share: totalMs ? ms / totalMs : 0 }));
  return { functions: top(byFunction), places: top(byPlace), totalMs };
}

export function profilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f));
}

// As a script: `tsx scripts/bench/cpu-profile-top.ts <dir or files…>`.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? "")) {
  const args = process.argv.slice(2);
  const files = args.flatMap((a) => (a.endsWith(".cpuprofile") ? [a] : profilesIn(a)));
  const { functions, places, totalMs } = topOfProfiles(files, Number(process.env.TOP ?? 25));
  console.log(`busy ${totalMs.toFixed(0)} ms over ${files.length} profile(s)`);
  for (const e of places)
    console.log(`${(e.share * 100).toFixed(1).padStart(5)}%  ${e.ms.toFixed(0).padStart(6)} ms  ${e.name}`);
  console.log("");
  for (const e of functions)
    console.log(`${(e.share * 100).toFixed(1).padStart(5)}%  ${e.ms.toFixed(0).padStart(6)} ms  ${e.name}`);
}
