import { expect, test } from "@playwright/test";
import { addOrientationSession, expectUsable, ready, signInAsOrganizer, visit } from "./support";

test("an organizer closes a year, which becomes read-only with its final survey on the dashboard", async ({ page }, testInfo) => {
  // A year of its own, years ahead (one per mode, so the two runs never ask for the same label).
  const fallYear = testInfo.project.use.javaScriptEnabled === false ? 2041 : 2040;
  await signInAsOrganizer(page, testInfo);
  await visit(page, testInfo, "/program/years/new");
  const dates: [string, string][] = [
    ["Fall starts", `${fallYear}-09-24`],
    ["Fall ends", `${fallYear}-12-12`],
    ["Winter starts", `${fallYear + 1}-01-05`],
    ["Winter ends", `${fallYear + 1}-03-20`],
    ["Spring starts", `${fallYear + 1}-03-30`],
    ["Spring ends", `${fallYear + 1}-06-12`],
    ["Enrollment deadline", `${fallYear}-10-08`],
  ];
  for (const [label, date] of dates) await page.getByLabel(label).fill(date);
  await page.getByRole("button", { name: "Create year" }).click();
  const label = `${fallYear}–${String(fallYear + 1).slice(2)}`;
  await expect(page.getByRole("heading", { name: `Program year ${label}` })).toBeVisible();
  await ready(page, testInfo);
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
