import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import {
  completeProfile,
  expectUsable,
  mainNav,
  ready,
  signInAsOrganizer,
  uniqueEmail,
  uniqueName,
  visit,
} from "./support";

type Person = { page: Page; name: string; email: string };

/** The organizer (on `organizer`) invites someone, who accepts in a browser of their own and
 *  completes their profile. Invitations enroll people approved, whatever the year's phase. */
async function invited(browser: Browser, organizer: Page, testInfo: TestInfo, role: "Mentee" | "Mentor", first: string): Promise<Person> {
  const name = uniqueName(first, testInfo);
  const email = uniqueEmail(first.toLowerCase(), testInfo);
  await visit(organizer, testInfo, "/program/invitations");
  await organizer.getByLabel("Name").fill(name);
  await organizer.getByLabel("Email").fill(email);
  await organizer.getByRole("radio", { name: role }).check();
  await organizer.getByRole("button", { name: "Send invitation" }).click();
  const link = await organizer.getByRole("status").getByRole("link").getAttribute("href");
  const page = await (await browser.newContext()).newPage();
  await visit(page, testInfo, new URL(link!).pathname);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account and accept" }).click();
  await expect(page.getByRole("heading", { name: "Your profile" })).toBeVisible();
  await completeProfile(page, testInfo, role === "Mentee" ? "mentee" : "mentor");
  return { page, name, email };
}

test("an organizer tries weights, places a mentee by hand and publishes; the two then see each other", async ({ browser, page }, testInfo) => {
  test.setTimeout(120_000);
  await signInAsOrganizer(page, testInfo);
  const mentor = await invited(browser, page, testInfo, "Mentor", "Marisol");
  const mentee = await invited(browser, page, testInfo, "Mentee", "Emil");

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
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  await ready(page, testInfo);
  await expect(page.getByLabel("Location", { exact: true })).toHaveValue("10");

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

  // On their pair page the mentee sets a goal, and the mentor answers it.
  await mentee.page.getByLabel("Goal", { exact: true }).fill("Land an archives internship");
  await mentee.page.getByLabel("Why it matters to you").fill("I want hands-on processing experience.");
  await mentee.page.getByLabel("By when").fill("Spring quarter");
  await mentee.page.getByRole("button", { name: "Add goal" }).click();
  await expect(mentee.page.getByRole("status").filter({ hasText: "The goal was saved." })).toBeVisible();
  await ready(mentee.page, testInfo);
  const goal = mentee.page.getByRole("listitem", { name: "Land an archives internship" });
  await expect(goal).toContainText("Not started · by Spring quarter");
  await expectUsable(mentee.page);
  // A second goal is put first: dragged there with a mouse when the page runs, moved up otherwise.
  await mentee.page.getByText("Add a goal").click();
  await mentee.page.getByLabel("Goal", { exact: true }).fill("Practise interviews");
  await mentee.page.getByRole("button", { name: "Add goal" }).click();
  await expect(mentee.page.getByRole("status").filter({ hasText: "The goal was saved." })).toBeVisible();
  await ready(mentee.page, testInfo);
  const goals = mentee.page.getByRole("region", { name: "Goals" });
  await expect(goals.getByRole("listitem").first()).toHaveAccessibleName("Land an archives internship");
  if (testInfo.project.use.javaScriptEnabled !== false) {
    // A tall window, so that both goals are on screen: the browser's drag does not survive the
    // page scrolling under it.
    const viewport = mentee.page.viewportSize();
    await mentee.page.setViewportSize({ width: 1280, height: 2400 });
    await goals.getByRole("listitem", { name: "Practise interviews" }).dragTo(goals.getByRole("listitem", { name: "Land an archives internship" }), {
      // By the goal's title, as a person grabs it (not inside one of its form fields).
      sourcePosition: { x: 12, y: 12 },
      targetPosition: { x: 12, y: 12 },
    });
    if (viewport) await mentee.page.setViewportSize(viewport);
  } else {
    await goals.getByRole("button", { name: /^Move up\W*\(Practise interviews\)$/ }).click();
  }
  await expect(mentee.page.getByRole("status").filter({ hasText: "The goals were reordered." })).toBeVisible();
  await expect(goals.getByRole("listitem").first()).toHaveAccessibleName("Practise interviews");
  await ready(mentee.page, testInfo);
  const pairPath = new URL(mentee.page.url()).pathname;
  await visit(mentor.page, testInfo, pairPath);
  await expect(mentor.page.getByRole("heading", { name: `You and your mentee ${mentee.name}` })).toBeVisible();
  await ready(mentor.page, testInfo);
  await expect(mentor.page.getByRole("button", { name: "Add goal" })).toHaveCount(0);
  // Until their first meeting the mentor's page carries the program's tips and those for mentors
  // (and not the mentees' ones).
  await expect(mentor.page.getByRole("region", { name: "Mentorship tips" })).toContainText("Take time to get to know your match’s professional experience and interests.");
  await expect(mentor.page.getByRole("region", { name: "Tips for mentors" })).toContainText("For mentors, think creatively about how your network and experience could help your mentee.");
  await expect(mentor.page.getByRole("region", { name: "Tips for mentees" })).toHaveCount(0);
  await mentor.page.getByLabel("Your comment (Land an archives internship)").fill("I can introduce you to our processing archivist.");
  await mentor.page.getByRole("button", { name: "Comment (Land an archives internship)" }).click();
  await expect(mentor.page.getByRole("status").filter({ hasText: "Your comment was added." })).toBeVisible();
  await ready(mentor.page, testInfo);
  await expectUsable(mentor.page);
  await visit(mentee.page, testInfo, pairPath);
  await expect(mentee.page.getByRole("listitem", { name: "Land an archives internship" })).toContainText("I can introduce you to our processing archivist.");

  // They agree on a meeting (in the past, so it can be marked held), and the quarter counts it.
  // Two days ago in UTC is at least yesterday in Los Angeles, where the mentee's profile is.
  const yesterday = new Date(Date.now() - 48 * 3600 * 1000).toISOString().slice(0, 10);
  const rhythm = mentee.page.getByRole("region", { name: "This year, quarter by quarter" });
  await expect(rhythm).toContainText("Fall: 0 meetings held of 1 planned (under way)");
  await mentee.page.getByText("Propose a meeting").click();
  await mentee.page.getByLabel("Date", { exact: true }).fill(yesterday);
  await mentee.page.getByLabel("Time (in your time zone)").fill("10:00");
  await mentee.page.getByLabel("Place or video link").fill("https://meet.example.edu/emil");
  await mentee.page.getByRole("button", { name: "Propose meeting" }).click();
  await expect(mentee.page.getByRole("status").filter({ hasText: "Your proposal was sent." })).toBeVisible();
  await ready(mentee.page, testInfo);
  await expect(mentee.page.getByRole("listitem", { name: /^Meeting on / })).toContainText("Proposed by you");
  // The meeting comes as a calendar file, and all meetings as a private calendar address.
  const ics = await mentee.page.getByRole("link", { name: /^Add to your calendar \(\.ics\)/ }).getAttribute("href");
  const download = await mentee.page.request.get(ics!);
  expect(download.status()).toBe(200);
  expect(await download.text()).toContain(`SUMMARY:Mentorship meeting with ${mentor.name}`);
  await mentee.page.getByRole("button", { name: "Make my calendar address" }).click();
  await expect(mentee.page.getByRole("status").filter({ hasText: "Subscribe to this address in your calendar app." })).toContainText("/calendar/");
  await ready(mentee.page, testInfo);
  await visit(mentor.page, testInfo, pairPath);
  const meeting = mentor.page.getByRole("listitem", { name: /^Meeting on / });
  await meeting.getByRole("button", { name: /^Agree to this time/ }).click();
  await expect(mentor.page.getByRole("status").filter({ hasText: "The meeting is agreed." })).toBeVisible();
  await ready(mentor.page, testInfo);
  // An idea from the library goes on the agenda and is covered.
  await mentor.page.getByRole("listitem", { name: /^Meeting on / }).getByLabel(/^Idea or goal to discuss/).selectOption({ label: "A mock interview" });
  await mentor.page.getByRole("listitem", { name: /^Meeting on / }).getByRole("button", { name: /^Add to agenda/ }).click();
  await expect(mentor.page.getByRole("status").filter({ hasText: "The agenda was updated." })).toBeVisible();
  await ready(mentor.page, testInfo);
  await mentor.page.getByRole("button", { name: /^Mark done\W+A mock interview$/ }).click();
  await expect(mentor.page.getByRole("region", { name: "Meeting ideas" })).toContainText("✓ A mock interview");
  await ready(mentor.page, testInfo);
  await mentor.page.getByRole("listitem", { name: /^Meeting on / }).getByRole("button", { name: /^Mark held/ }).click();
  await expect(mentor.page.getByRole("status").filter({ hasText: "The meeting was marked held." })).toBeVisible();
  await ready(mentor.page, testInfo);
  await expect(mentor.page.getByRole("region", { name: "This year, quarter by quarter" })).toContainText("Fall: 1 meeting held of 1 planned");
  // Once they have met, the getting-started tips give way (they stay in the resources).
  await expect(mentor.page.getByRole("region", { name: "Tips for mentors" })).toHaveCount(0);
  await expectUsable(mentor.page);
  // The library holds the program's meeting ideas and first-position advice, by category.
  await mentor.page.getByRole("link", { name: "meeting ideas" }).click();
  await expect(mentor.page.getByRole("heading", { name: "Meeting ideas", level: 1 })).toBeVisible();
  await expect(mentor.page.getByRole("region", { name: "Job hunting" }).getByRole("heading", { name: "A mock interview" })).toBeVisible();
  await ready(mentor.page, testInfo);
  await expectUsable(mentor.page);

  // The mentee tells the organizers about a problem: it reaches their queue, never the mentor.
  const worry = `${mentee.name} worries the meetings are too short.`;
  await visit(mentee.page, testInfo, pairPath);
  await mentee.page.getByLabel("What is wrong?").fill(worry);
  await mentee.page.getByRole("button", { name: "Send to the organizers" }).click();
  await expect(mentee.page.getByRole("status").filter({ hasText: "Your message reached the organizers." })).toBeVisible();
  await ready(mentee.page, testInfo);
  await visit(page, testInfo, "/program/concerns");
  await expect(page.getByRole("heading", { name: "Concerns", level: 1 })).toBeVisible();
  await expect(page.getByRole("listitem", { name: new RegExp(`about ${mentee.name} and ${mentor.name}`) })).toContainText(worry);
  await ready(page, testInfo);
  await expectUsable(page);
  await visit(mentor.page, testInfo, pairPath);
  await expect(mentor.page.getByRole("heading", { name: `You and your mentee ${mentee.name}` })).toBeVisible();
  await expect(mentor.page.getByText(worry)).toHaveCount(0);

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
  await mentor.page.context().close();
  await mentee.page.context().close();
});
