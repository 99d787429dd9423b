"use client";

import dynamic from "next/dynamic";

// Each tab's code loads with the tab that shows it (rendered on the server as before, its chunk
// fetched for hydration). Imported by the page directly, both would load on either tab: Next
// loads every client component a page imports, and Algemeen's form would bring react-hook-form
// and zod to Divisies & administraties, the grids to Algemeen.
export const DivisionsAndAdministrations = dynamic(() =>
  import("./divisions-and-administrations").then((m) => m.DivisionsAndAdministrations),
);
export const GeneralSettingsForm = dynamic(() => import("./general-settings-form").then((m) => m.GeneralSettingsForm));
