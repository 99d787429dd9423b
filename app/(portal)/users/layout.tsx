import { ClientMessages } from "@/lib/i18n/client-messages";

// The messages the users page's client components read (the grid, the create form); in the
// layout, not the page, so a viewer's Geen toegang does not load the page's JavaScript.
export default function UsersLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages paths={["users"]}>{children}</ClientMessages>;
}
