import { AnchorForm } from "./anchor-form";
import { AnchorTable } from "./anchor-table";

// A server page with the two client parts every portal page is made of: one form and one grid.
export default function AnchorPage() {
  return (
    <main>
      <h1>Anchor</h1>
      <AnchorForm />
      <AnchorTable />
    </main>
  );
}
