import "server-only";
/** An answer from Exact's REST API that was not a success: its status and what it said. */
export class ExactHttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(`Exact answered ${status}`);
    this.name = "ExactHttpError";
  }
}
