import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The WCAG 2.1 A and AA rules the portal is held to. */
export const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

/** One line per element: rule id, the element's selector, and what the rule asks. */
export function summarizeViolations(violations: Violation[]): string {
  return violations
    .flatMap((v) => v.nodes.map((node) => `- ${v.id} at ${node.target.join(" ")}: ${v.help} (${v.helpUrl})`))
    .join("\n");
}

// label-content-name-mismatch checks WCAG 2.1 success criterion 2.5.3 (Label in Name), but axe
// ships it as experimental and so leaves it out of the tags above: it is switched on by name.
const EXPERIMENTAL_WCAG_21_RULES = { "label-content-name-mismatch": { enabled: true } };

/** Runs axe on the page as it is now and fails the test (softly: the test goes on to the next state) with a readable list when anything violates WCAG 2.1 A/AA. */
export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .options({ rules: EXPERIMENTAL_WCAG_21_RULES })
    .withTags(WCAG_21_AA)
    .analyze();
  expect
    .soft(violations, `${state} (${page.url()}) violates WCAG 2.1 A/AA:\n${summarizeViolations(violations)}`)
    .toEqual([]);
}
