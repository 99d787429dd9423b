import type { Locator } from "@playwright/test";

/**
 * Chooses one of a row's actions as a person does with the mouse when the Acties show only the
 * first: Meer, then the action in the row's menu (the same menu the right-click opens).
 */
export async function chooseRowAction(row: Locator, action: string): Promise<void> {
  await row.getByRole("button", { name: /^Meer acties voor / }).click();
  await row.page().getByRole("menu").getByRole("menuitem", { name: action, exact: true }).click();
}
