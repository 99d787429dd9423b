import type { Locator } from "@playwright/test";

/** A right-click on a grid's empty space, under its rows (where the grid offers only its Nieuw). */
export async function rightClickEmptySpace(grid: Locator): Promise<void> {
  const box = await grid.boundingBox();
  if (!box) throw new Error("the grid is not on screen");
  await grid.click({ button: "right", position: { x: 24, y: box.height - 8 } });
}

/**
 * Chooses one of a row's actions as a person does with the mouse when the Acties show only the
 * first: Meer, then the action in the row's menu (the same menu the right-click opens).
 */
export async function chooseRowAction(row: Locator, action: string): Promise<void> {
  await row.getByRole("button", { name: /^Meer acties voor / }).click();
  await row.page().getByRole("menu").getByRole("menuitem", { name: action, exact: true }).click();
}
