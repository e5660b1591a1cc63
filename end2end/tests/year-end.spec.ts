import { expect, test } from "@playwright/test";
import { emailTo, linkIn } from "./mail";
import { closeYear, createYear, expectUsable, invited, ready, signInAsOrganizer, visit } from "./support";

// Runs after every other flow of its engine: it makes a year of its own current (so invitations
// go to it), closes it, and starts the next one from it.
test("participants answer a closed year's final survey and the next year carries it over", async ({ browser, page, request }, testInfo) => {
  const fallYear = testInfo.project.use.javaScriptEnabled === false ? 2052 : 2050;
  await signInAsOrganizer(page, testInfo);
  const label = await createYear(page, testInfo, fallYear);
  await page.getByRole("button", { name: "Make this the current year" }).click();
  await expect(page.getByText(`This year is in the Enrolling phase and is the current year.`)).toBeVisible();
  await ready(page, testInfo);
  const yearPage = new URL(page.url()).pathname;
  const mentee = await invited(browser, page, testInfo, "Mentee", "Sage");
  const mentor = await invited(browser, page, testInfo, "Mentor", "Rowan");

  await visit(page, testInfo, yearPage);
  await closeYear(page, testInfo);

  // The mentee finds the survey among their notices; the mentor follows the emailed link.
  const ended = `The ${label} Mentorship Program has ended: tell us how it went`;
  await visit(mentee.page, testInfo, "/");
  await mentee.page.getByRole("region", { name: "Notices" }).getByRole("link", { name: ended }).click();
  await expect(mentee.page.getByRole("heading", { name: `How was ${label}?` })).toBeVisible();
  await ready(mentee.page, testInfo);
  await mentee.page.getByLabel("How was your year in the program?").selectOption({ label: "5: excellent" });
  await mentee.page.getByLabel("Would you recommend the program to a friend?").selectOption({ label: "Yes" });
  await mentee.page.getByLabel("What should we keep or change?").fill("Keep the spring portfolio review.");
  await mentee.page.getByRole("button", { name: "Send my answers" }).click();
  await expect(mentee.page.getByRole("status")).toContainText("Thank you: your answers are saved.");
  await ready(mentee.page, testInfo);
  await expectUsable(mentee.page);
  // Coming back shows the answers given.
  await visit(mentee.page, testInfo, new URL(mentee.page.url()).pathname);
  await expect(mentee.page.getByLabel("How was your year in the program?")).toHaveValue("5");
  await expect(mentee.page.getByLabel("What should we keep or change?")).toHaveValue("Keep the spring portfolio review.");

  const surveyEmail = await emailTo(request, mentor.email, new RegExp(`^The ${label} Mentorship Program has ended`));
  await visit(mentor.page, testInfo, linkIn(surveyEmail, /\/survey\//));
  await mentor.page.getByLabel("How was your year in the program?").selectOption({ label: "3" });
  await mentor.page.getByLabel("Would you recommend the program to a friend?").selectOption({ label: "No" });
  await mentor.page.getByRole("button", { name: "Send my answers" }).click();
  await expect(mentor.page.getByRole("status")).toContainText("Thank you: your answers are saved.");

  await visit(page, testInfo, yearPage);
  await page.getByRole("main").getByRole("link", { name: "dashboard", exact: true }).click();
  await expect(page.getByRole("heading", { name: `Dashboard ${label}` })).toBeVisible();
  const survey = page.getByRole("region", { name: "Final survey" });
  await expect(survey).toContainText("2 of 2 participants answered. Average rating 4.0 of 5; 1 would recommend the program.");
  await expect(survey.getByRole("listitem")).toHaveText(["Keep the spring portfolio review."]);

  // The next year starts from this one: its settings, and its mentor invited back.
  const next = await createYear(page, testInfo, fallYear + 1);
  const carry = page.getByRole("region", { name: `Carry over from ${label}` });
  await expect(carry.getByLabel("Copy the matching settings (weights, musts and method)")).toBeChecked();
  await expect(carry.getByLabel("Invite last year's mentors to apply again")).toBeChecked();
  await carry.getByRole("button", { name: "Carry over" }).click();
  await expect(carry.getByRole("status")).toHaveText(`From ${label}: matching settings copied; 1 of last year's mentors invited`);
  await ready(page, testInfo);
  await expectUsable(page);

  const invitedBack = `Mentor again in the ${next} Mentorship Program?`;
  await visit(mentor.page, testInfo, "/");
  await expect(mentor.page.getByRole("region", { name: "Notices" }).getByRole("link", { name: invitedBack })).toHaveAttribute("href", "/apply");
  await visit(mentee.page, testInfo, "/");
  await expect(mentee.page.getByRole("link", { name: invitedBack })).toHaveCount(0);
  const email = await emailTo(request, mentor.email, new RegExp(invitedBack.replace(/[?]/g, "\\?")));
  expect(linkIn(email, /\/apply/)).toBe("/apply");
});
