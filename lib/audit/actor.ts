import "server-only";
/** Who makes a change: a signed-in user, or the system itself (start-up, CLI). */
export type Actor = { id: string | null; email: string };

export const SYSTEM_ACTOR: Actor = { id: null, email: "system" };
