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
