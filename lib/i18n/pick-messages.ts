/** A message catalog (or part of one): nested objects with strings at the leaves. */
export type Messages = { [key: string]: string | Messages };

/**
 * The part of `messages` under each of `paths` ("settings" for a namespace, "header.roles" for
 * one branch of it, "overview.notLinked" for one message), nested as in the catalog. A path the
 * catalog does not have is left out.
 */
export function pickMessages(messages: Messages, paths: readonly string[]): Messages {
  const out: Messages = {};
  for (const path of paths) {
    const keys = path.split(".");
    let from: string | Messages | undefined = messages;
    for (const key of keys) from = typeof from === "object" ? from[key] : undefined;
    if (from === undefined) continue;
    let to = out;
    for (const key of keys.slice(0, -1)) {
      // A copy at each step: what an earlier path put here may be the catalog's own object.
      const next: Messages = typeof to[key] === "object" ? { ...to[key] } : {};
      to[key] = next;
      to = next;
    }
    to[keys[keys.length - 1]] = from;
  }
  return out;
}

/** `base` with `more` laid over it, namespace into namespace (neither is changed). */
export function mergeMessages(base: Messages, more: Messages): Messages {
  const out: Messages = { ...base };
  for (const [key, value] of Object.entries(more)) {
    const under = out[key];
    out[key] = typeof under === "object" && typeof value === "object" ? mergeMessages(under, value) : value;
  }
  return out;
}
