import "server-only";

export type NotificationChannel = "email" | "webhook";

/**
 * Why a notification did not go out, as a code with the values its words need
 * (settings.notify.failure.<code>), and whether trying again later can help: a 5xx, a
 * refused connection or a time-out can; a 4xx or a refused address cannot. Never a secret
 * in the message.
 */
export class NotificationError extends Error {
  constructor(
    readonly channel: NotificationChannel,
    readonly code: string,
    readonly retryable: boolean,
    readonly values: Record<string, string | number> = {},
  ) {
    super(`${channel} notification failed: ${code}${Object.keys(values).length ? ` ${JSON.stringify(values)}` : ""}`);
    this.name = "NotificationError";
  }
}

export function isNotificationError(e: unknown): e is NotificationError {
  return e instanceof Error && e.name === "NotificationError" && typeof (e as NotificationError).code === "string";
}

/** Whether a queue job should try a failed notification again: yes, unless it was refused for good. */
export function isRetryable(e: unknown): boolean {
  return isNotificationError(e) ? e.retryable : true;
}
