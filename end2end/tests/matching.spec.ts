import { expect, test } from "@playwright/test";
import { completeProfile, downloadLines, expectUsable, invited, mainNav, ready, signInAsOrganizer, visit } from "./support";

test("an organizer tries weights, places a mentee by hand and publishes; the two see each other, and when the pair ends the mentee is placed again", async ({ browser, page }, testInfo) => {
  test.setTimeout(120_000);
  await signInAsOrganizer(page, testInfo);
  const mentor = await invited(browser, page, testInfo, "Mentor", "Marisol");
  await completeProfile(mentor.page, testInfo, "mentor");
  const mentee = await invited(browser, page, testInfo, "Mentee", "Emil");
  await completeProfile(mentee.page, testInfo, "mentee");

  // The first run (with JavaScript) closes enrollment; the second finds the year already active.
  if (testInfo.project.use.javaScriptEnabled !== false) {
    await visit(page, testInfo, "/program");
    await page.getByRole("row", { name: /Yes$/ }).getByRole("link").click();
    await page.getByRole("button", { name: "Move to matching" }).click();
    await expect(page.getByText("This year is in the Matching phase and is the current year.")).toBeVisible();
    await ready(page, testInfo);
  }
  await mainNav(page).getByRole("link", { name: "Matching" }).click();
  await expect(page.getByRole("heading", { name: /Matching \d{4}–\d{2}/ })).toBeVisible();
  await ready(page, testInfo);
  await expectUsable(page);

  // What if only location counted? With JavaScript the draft follows at once; without, on saving.
  const summary = page.getByRole("status").filter({ hasText: "mentees matched" });
  const before = await summary.textContent();
  for (const criterion of ["Shared interests", "Dream-job fit", "Meeting modes", "Wants and offers", "Mentee's preference", "Mentor's preference"]) {
    await page.getByLabel(criterion, { exact: true }).fill("0");
  }
  await page.getByLabel("Location", { exact: true }).fill("10");
  if (testInfo.project.use.javaScriptEnabled !== false) {
    await expect(summary).not.toHaveText(before!);
  }
  // The fairest draft: its lowest score is never below the highest total's, side by side.
  await page.getByLabel(/^Fairest:/).check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  await ready(page, testInfo);
  await expect(page.getByLabel("Location", { exact: true })).toHaveValue("10");
  await expect(page.getByLabel(/^Fairest:/)).toBeChecked();
  const methods = page.getByRole("table", { name: "The methods side by side" });
  const lowest = async (method: string) => {
    const cell = methods.getByRole("row", { name: new RegExp(`^${method}`) }).getByRole("cell").nth(1);
    return Number((await cell.textContent())!.replace("%", ""));
  };
  await expect(methods.getByRole("row")).toHaveCount(4);
  expect(await lowest("Fairest")).toBeGreaterThanOrEqual(await lowest("Highest total"));
  await expect(page.getByText(/^The lowest score (with Fairest )?is \d+%/)).toBeVisible();

  // Place the new mentee with the new mentor.
  await page.getByLabel("Mentee", { exact: true }).selectOption({ label: mentee.name });
  await page.getByLabel("Mentor", { exact: true }).selectOption({ label: mentor.name });
  if (testInfo.project.use.javaScriptEnabled !== false) {
    await expect(page.getByText(/^Score \d+%\./)).toBeVisible();
  }
  await page.getByRole("button", { name: "Pin this pair" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Draft updated." })).toBeVisible();
  await ready(page, testInfo);
  const suggested = page.getByRole("table", { name: "Suggested pairs" });
  await expect(suggested.getByRole("row", { name: new RegExp(`${mentee.name} \\(pinned\\)`) })).toContainText(mentor.name);
  // A large year's draft is found by name, a page at a time.
  await page.getByLabel("Find a mentee or mentor").fill(mentee.name);
  await page.getByRole("button", { name: "Find", exact: true }).click();
  await expect(page.getByText("Pairs 1–1 of 1 (page 1 of 1).")).toBeVisible();
  await expect(suggested.getByRole("row", { name: new RegExp(mentee.name) })).toBeVisible();
  await ready(page, testInfo);

  await page.getByRole("button", { name: /Publish \d+ pairs/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Published" })).toBeVisible();
  await ready(page, testInfo);
  await expect(page.getByRole("table", { name: "Published pairs" }).getByRole("row", { name: new RegExp(mentee.name) })).toContainText(mentor.name);

  // Both are told, and their home is now their pair page, with each other's profile and contact details.
  await visit(mentee.page, testInfo, "/");
  await expect(mentee.page.getByRole("heading", { name: `You and your mentor ${mentor.name}` })).toBeVisible();
  await ready(mentee.page, testInfo);
  const mentorCard = mentee.page.getByRole("region", { name: "Your mentor", exact: true });
  await expect(mentorCard.getByRole("heading", { name: mentor.name })).toBeVisible();
  await expect(mentorCard.getByRole("link", { name: mentor.email })).toBeVisible();
  await expect(mentee.page.getByRole("region", { name: "Notices" })).toContainText(`You are matched with your mentor ${mentor.name}`);
  await visit(mentor.page, testInfo, "/");
  await expect(mentor.page.getByRole("heading", { name: `You and your mentee ${mentee.name}` })).toBeVisible();
  const menteeCard = mentor.page.getByRole("region", { name: "Your mentee", exact: true });
  await expect(menteeCard.getByRole("heading", { name: mentee.name })).toBeVisible();
  await expect(menteeCard.getByText("Advice on archives job applications.")).toBeVisible();
  // The list of the mentor's pairs says where each stands this quarter.
  await visit(mentor.page, testInfo, "/pairs");
  await expect(mentor.page.getByRole("listitem", { name: new RegExp(`^Your mentee ${mentee.name}`) })).toContainText("No meeting yet this Fall quarter");
  await expectUsable(mentor.page);

  // Later in the year the pair ends; the mentee waits with the engine's suggestions (never the same
  // mentor again), and the organizer assigns one of them.
  await visit(page, testInfo, "/program/matching");
  const published = page.getByRole("table", { name: "Published pairs" });
  const pairRow = published.getByRole("row", { name: new RegExp(mentee.name) });
  await pairRow.getByLabel(/Reason/).fill("Their schedules never matched.");
  await pairRow.getByRole("button", { name: /End pair/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Pair ended." })).toBeVisible();
  await ready(page, testInfo);
  await expect(published.getByRole("row", { name: new RegExp(mentee.name) })).toContainText("Their schedules never matched.");
  const waiting = page.getByRole("region", { name: "Assign by hand" }).getByRole("listitem").filter({ hasText: mentee.name });
  await expect(waiting.getByRole("button", { name: new RegExp(`Assign to ${mentor.name}`) })).toHaveCount(0);
  const suggestion = waiting.getByRole("button", { name: /^Assign to .+ \(\d+%\)/ }).first();
  const newMentor = /^Assign to (.+) \(\d+%\)/.exec((await suggestion.textContent())!)![1];
  await suggestion.click();
  await expect(page.getByRole("status").filter({ hasText: "Pair assigned: both have been told." })).toBeVisible();
  await ready(page, testInfo);
  await expect(published.getByRole("row", { name: new RegExp(`${mentee.name}.*${newMentor}`) })).toBeVisible();
  await expectUsable(page);

  // The year's spreadsheet of pairs holds the ended pair and its reason.
  await visit(page, testInfo, "/program");
  await page.getByRole("row", { name: /Yes$/ }).getByRole("link").click();
  await expect(page.getByRole("heading", { name: /Program year/ })).toBeVisible();
  await ready(page, testInfo);
  const pairLines = await downloadLines(page, "Pairs, with names and emails");
  const ended = pairLines.filter((line) => line.startsWith(`${mentee.name},${mentee.email},${mentor.name},${mentor.email},`));
  expect(ended).toHaveLength(1);
  expect(ended[0]).toMatch(/,\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2},Their schedules never matched\.$/);
  await mentor.page.context().close();
  await mentee.page.context().close();
});
