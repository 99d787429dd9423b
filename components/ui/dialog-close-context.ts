"use client";

import { createContext } from "react";

/**
 * A dialog's way to be closed by its own Annuleren (ModalDialog provides it): it asks first when
 * something typed in it would be lost, as Escape does.
 */
export const DialogCloseContext = createContext<(() => void) | null>(null);
