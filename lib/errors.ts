// An error meant for a person: `code` names a message in messages/*.json (errors.<code>),
// `field` says which form field it belongs to. Anything else thrown is a bug: it is logged
// and the person sees a generic message.
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly field?: string,
    readonly values?: Record<string, string | number>,
  ) {
    super(code);
    this.name = "AppError";
  }
}

/**
 * `instanceof` fails when a module is loaded twice (tsx scripts, bundles); the name does not.
 */
export function isAppError(e: unknown): e is AppError {
  return e instanceof Error && e.name === "AppError" && typeof (e as AppError).code === "string";
}
