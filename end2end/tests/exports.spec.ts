import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { expectUsable, ready, signInAsOrganizer, visit } from "./support";

test("an organizer downloads the year's participants as a spreadsheet", async ({ page }, testInfo) => {
  await signInAsOrganizer(page, testInfo);
  await visit(page, testInfo, "/program");
  await page.getByRole("row", { name: /Yes$/ }).getByRole("link").click();
  await expect(page.getByRole("heading", { name: /Program year/ })).toBeVisible();
  await ready(page, testInfo);
  const exports = page.getByRole("region", { name: "Exports" });
  await expectUsable(page);

  const downloading = page.waitForEvent("download");
  await exports.getByRole("link", { name: "Participants (CSV)" }).click();
  const download = await downloading;

  expect(download.suggestedFilename()).toMatch(/^\d{4}-\d{2}-participants\.csv$/);
  const text = await readFile((await download.path())!, "utf8");
  expect(text.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe("Name,Email,Role,Status,Mentees they can take,Applied on");
  // The page is still there: the download did not navigate away.
  await expect(page.getByRole("heading", { name: /Program year/ })).toBeVisible();
});

test("an organizer reads the audit log, filtered by what was done", async ({ page }, testInfo) => {
  await signInAsOrganizer(page, testInfo);
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel("What").selectOption({ label: "Program year changed" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=year_changed/);
  const log = page.getByRole("table", { name: "Audit log" });
  // The setup created this year through the pages.
  await expect(log.getByRole("row", { name: /Program year \d{4}–\d{2}/ }).filter({ hasText: "Created" }).first()).toContainText("Olga Organizer");
  await expect(log.getByRole("row").filter({ hasText: "Application decided" })).toHaveCount(0);
  await ready(page, testInfo);
  await expectUsable(page);
});
