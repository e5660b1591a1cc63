import { expect, test } from "@playwright/test";
import { addOrientationSession, createYear, expectUsable, ready, signInAsOrganizer } from "./support";

test("an organizer closes a year, which becomes read-only with its final survey on the dashboard", async ({ page }, testInfo) => {
  // A year of its own, years ahead (one per mode, so the two runs never ask for the same label).
  const fallYear = testInfo.project.use.javaScriptEnabled === false ? 2041 : 2040;
  await signInAsOrganizer(page, testInfo);
  const label = await createYear(page, testInfo, fallYear);
  // Its orientation is scheduled on the same page, with JavaScript and without.
  await addOrientationSession(page, testInfo, { starts: `${fallYear}-10-01T17:30`, minutes: 60, place: "Powell Library, room 186", seats: 40 });

  for (const next of ["Move to matching", "Move to active"]) {
    await page.getByRole("button", { name: next }).click();
    await expect(page.getByRole("button", { name: next })).toHaveCount(0);
    await ready(page, testInfo);
  }
  await expect(page.getByText("Closing the year makes it read-only and sends its participants the final survey")).toBeVisible();
  await page.getByRole("button", { name: "Move to closed" }).click();

  await expect(page.getByText("This year is in the Closed phase.")).toBeVisible();
  await expect(page.getByText("This year is closed; its dates can no longer change.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save dates" })).toHaveCount(0);
  await ready(page, testInfo);
  await expectUsable(page);

  await page.getByRole("main").getByRole("link", { name: "dashboard", exact: true }).click();
  await expect(page.getByRole("heading", { name: `Dashboard ${label}` })).toBeVisible();
  await expect(page.getByText("This year is closed: its figures are final.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Final survey" })).toContainText("0 of 0 participants answered.");
});
