import { expect, test } from "@playwright/test";
import { ORGANIZER, expectUsable, mainNav, ready, signInAsOrganizer, signUp, uniqueEmail, uniqueName, visit } from "./support";

test("a participant chooses which emails they get", async ({ page }, testInfo) => {
  await signUp(page, testInfo, "Esme Emulation", uniqueEmail("esme", testInfo));
  await mainNav(page).getByRole("link", { name: "Account" }).click();
  const emails = page.getByRole("region", { name: "Emails" });
  await expect(emails.getByLabel("Announcements from the organizers")).toBeChecked();
  await ready(page, testInfo);

  await emails.getByLabel("Announcements from the organizers").uncheck();
  await emails.getByRole("button", { name: "Save email choices" }).click();

  await expect(emails.getByRole("status")).toHaveText("Your email choices are saved.");
  await visit(page, testInfo, "/account");
  await expect(emails.getByLabel("Announcements from the organizers")).not.toBeChecked();
  await expect(emails.getByLabel("Reminders (meetings, check-ins, orientation, deadlines)")).toBeChecked();
  await expectUsable(page);
});

test("an organizer reads the outbox, where password links stay hidden", async ({ browser, page }, testInfo) => {
  // Someone asks for a password link for the organizer's address.
  const visitor = await browser.newPage();
  await visit(visitor, testInfo, "/forgot-password");
  await visitor.getByLabel("Email").fill(ORGANIZER.email);
  await visitor.getByRole("button", { name: "Send me a link" }).click();
  await expect(visitor.getByRole("status")).toContainText("If an account uses that address");
  await visitor.close();

  await signInAsOrganizer(page, testInfo);
  await page.getByRole("link", { name: "Outbox: every email the site sends" }).click();
  await expect(page.getByRole("heading", { name: "Outbox", level: 1 })).toBeVisible();
  await ready(page, testInfo);
  await expect(page.getByText("Emails are delivered by the mail server within a minute of being queued.")).toBeVisible();
  await page.getByLabel("Status").selectOption({ label: "Sent" });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/status=sent/);
  await ready(page, testInfo);
  // Delivered within a second or two in the tests (the page shows what was sent when it loaded).
  const reset = page.getByRole("table", { name: "Outbox" }).getByRole("row", { name: /Set a new password for Mentorship Hub/ }).filter({ hasText: ORGANIZER.email }).first();
  await expect(async () => {
    await page.reload();
    await expect(reset).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await ready(page, testInfo);
  await expect(reset).toContainText("Hidden: it holds a one-time link.");
  await expect(page.getByText("/reset-password/")).toHaveCount(0);
  await expectUsable(page);
});

test("an organizer switches on a reminder rule, words it and runs the reminders", async ({ browser, page }, testInfo) => {
  await signInAsOrganizer(page, testInfo);
  await page.getByRole("link", { name: "Reminders", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Reminders", level: 1 })).toBeVisible();
  await ready(page, testInfo);
  const rule = page.getByRole("region", { name: "Unanswered meeting proposal" });

  await rule.getByLabel("Days").fill("0");
  await rule.getByRole("button", { name: /^Save/ }).click();
  await expect(page.getByRole("alert").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Unanswered meeting proposal" }).getByText("Enter a number of days from 1 to 60.")).toBeVisible();

  await rule.getByLabel("Switched on").check();
  await rule.getByLabel("Days").fill("10");
  await rule.getByLabel("Subject").fill("A proposal is waiting for you");
  await rule.getByRole("button", { name: /^Save/ }).click();
  await expect(page.getByRole("status")).toHaveText("The rule is saved.");
  await expect(rule.getByLabel("Switched on")).toBeChecked();
  await expect(rule.getByLabel("Days")).toHaveValue("10");
  await expectUsable(page);


  // Someone with an account who has not applied is reminded of the deadline (30 days away: within
  // the rule's 60 days whatever the time zones).
  const newcomer = await browser.newPage();
  const name = uniqueName("Nadia", testInfo);
  await signUp(newcomer, testInfo, name, uniqueEmail("nadia", testInfo));
  await newcomer.close();
  const deadline = page.getByRole("region", { name: "Enrollment deadline" });
  await deadline.getByLabel("Switched on").check();
  await deadline.getByLabel("Days").fill("60");
  await deadline.getByRole("button", { name: /^Save/ }).click();
  await expect(page.getByRole("status")).toHaveText("The rule is saved.");
  await ready(page, testInfo);

  await page.getByRole("button", { name: "Send due reminders now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reminders run" })).toHaveText(/^Reminders run: \d+ sent\.$/);
  // The other mode's run of this test may have sent it first: either way it went out once.
  const sent = page.getByRole("table", { name: "Latest reminders sent" }).getByRole("row", { name: new RegExp(name) });
  await expect(sent).toHaveCount(1);
  await expect(sent).toContainText("Enrollment deadline");
});
