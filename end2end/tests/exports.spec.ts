import { expect, test } from "@playwright/test";
import { downloadLines, expectUsable, invited, ready, signInAsOrganizer, visit } from "./support";

test("an organizer downloads the year's spreadsheets, with the people enrolled in them", async ({ browser, page }, testInfo) => {
  await signInAsOrganizer(page, testInfo);
  const mentor = await invited(browser, page, testInfo, "Mentor", "Priya");
  await mentor.page.context().close();
  await visit(page, testInfo, "/program");
  await page.getByRole("row", { name: /Yes$/ }).getByRole("link").click();
  await expect(page.getByRole("heading", { name: /Program year/ })).toBeVisible();
  await ready(page, testInfo);
  await expectUsable(page);

  const participants = await downloadLines(page, "Participants");
  expect(participants[0]).toBe("Name,Email,Role,Status,Mentees they can take,Applied on");
  expect(participants.filter((line) => line.startsWith(`${mentor.name},${mentor.email},Mentor,Approved,`))).toHaveLength(1);
  // The pairs' files have their columns before anyone is matched (the matching flow reads their rows).
  expect((await downloadLines(page, "Pairs, with names and emails"))[0]).toBe("Mentee,Mentee email,Mentor,Mentor email,Started on,Ended on,Why it ended");
  expect((await downloadLines(page, "Meetings held per quarter"))[0]).toBe("Mentee,Mentor,Fall,Winter,Spring");
  expect((await downloadLines(page, "Check-in answers"))[0]).toMatch(/^Mentee,Mentor,Answered by,Quarter,How it is going \(1-5\),Met this quarter,For the organizers,Answered on/);
  // The page is still there: the downloads did not navigate away.
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
