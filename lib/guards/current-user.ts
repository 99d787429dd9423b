import type { UserDto } from "@/lib/data/users";

/** The user, and the server-side session the request came with. */
export type CurrentUser = UserDto & { sessionId: string };
