import { forbidden } from "next/navigation";

// Where a route handler sends a signed-in user whose role does not reach it (userForRoute): the
// portal's own Geen toegang page (app/forbidden.tsx, with its 403), as a page would answer.
export default function NoAccessPage(): never {
  forbidden();
}
