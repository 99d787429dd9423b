/** A line above the users grid: what the last action did. */
export type Notice = { kind: "error" | "success"; text: string };
