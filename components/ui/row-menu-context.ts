"use client";

import { createContext } from "react";

/**
 * What a row's Meer button needs from its grid (DataTable provides it): open the row's menu
 * under the button, and which element opened the menu that is open now (its aria-expanded).
 */
export const RowMenuContext = createContext<{
  open: (rowId: string, opener: HTMLElement) => void;
  opener: HTMLElement | null;
} | null>(null);
