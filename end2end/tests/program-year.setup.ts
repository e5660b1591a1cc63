import { expect, test } from "@playwright/test";
import { addOrientationSession, expectUsable, ready, signInAsOrganizer, visit } from "./support";

/** ISO date `days` from today. */
function inDays(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

test("an organizer opens the first program year and schedules an orientation", async ({ page }, testInfo) => {
  await signInAsOrganizer(page, testInfo);
  await visit(page, testInfo, "/program");
  await expect(page.getByText("No program year yet.")).toBeVisible();
  await page.getByRole("link", { name: "New program year" }).click();
  await expect(page.getByRole("heading", { name: /New program year: \d{4}–\d{2}/ })).toBeVisible();
  await ready(page, testInfo);
  await expectUsable(page);

  // Today is always well inside the Fall quarter, whatever the date the tests run (pairs' meetings
  // count in the quarter they fall in); the deadline is set well ahead so every flow can apply.
  const quarters: [string, number, number][] = [["Fall", -40, 30], ["Winter", 40, 110], ["Spring", 120, 190]];
  for (const [quarter, starts, ends] of quarters) {
    await page.getByLabel(`${quarter} starts`).fill(inDays(starts));
    await page.getByLabel(`${quarter} ends`).fill(inDays(ends));
  }
  await page.getByLabel("Enrollment deadline").fill(inDays(30));
  await page.getByRole("button", { name: "Create year" }).click();

  await expect(page.getByRole("heading", { name: /Program year \d{4}–\d{2}/ })).toBeVisible();
  await expect(page.getByText("This year is in the Enrolling phase and is the current year.")).toBeVisible();
  await ready(page, testInfo);

  await addOrientationSession(page, testInfo, { starts: `${inDays(20)}T17:30`, minutes: 90, place: "Young Research Library, room 11360", seats: 500 });
  await expectUsable(page);
});
