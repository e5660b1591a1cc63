import { expect, test } from "@playwright/test";
import { completeProfile, downloadLines, expectUsable, invited, ready, signInAsOrganizer, visit } from "./support";

// Runs once matching has published the year (see playwright.config.ts): the organizer pairs two
// newcomers by hand, and the pair works on their page.
test("a pair sets goals and steps, agrees a meeting at another time, keeps notes, checks in and tells the organizers about a problem, who answer", async ({ browser, page }, testInfo) => {
  test.slow();
  await signInAsOrganizer(page, testInfo);
  const mentor = await invited(browser, page, testInfo, "Mentor", "Ines");
  await completeProfile(mentor.page, testInfo, "mentor");
  const mentee = await invited(browser, page, testInfo, "Mentee", "Tomas");
  await completeProfile(mentee.page, testInfo, "mentee");
  await visit(page, testInfo, "/program/matching");
  const assign = page.getByRole("region", { name: "Assign by hand" });
  await assign.getByLabel("Mentee to assign").selectOption({ label: mentee.name });
  await assign.getByLabel("Mentor to assign").selectOption({ label: mentor.name });
  await assign.getByRole("button", { name: "Assign this pair" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Pair assigned: both have been told." })).toBeVisible();
  await ready(page, testInfo);
  await visit(mentee.page, testInfo, "/");
  await expect(mentee.page.getByRole("heading", { name: `You and your mentor ${mentor.name}` })).toBeVisible();
  await ready(mentee.page, testInfo);

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
  // The mentee breaks a goal into steps and ticks one off.
  const internship = goals.getByRole("listitem", { name: "Land an archives internship" });
  await internship.getByLabel(/^New step/).fill("Write a cover letter");
  await internship.getByRole("button", { name: /^Add step/ }).click();
  await expect(mentee.page.getByRole("status").filter({ hasText: "The checklist was updated." })).toBeVisible();
  await ready(mentee.page, testInfo);
  await mentee.page.getByRole("button", { name: /^Mark done\W+Write a cover letter$/ }).click();
  await expect(mentee.page.getByRole("button", { name: /^Not done yet\W+Write a cover letter$/ })).toBeVisible();
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
  // The mentor suggests another time (still in the past), which the mentee agrees to.
  const threeDaysAgo = new Date(Date.now() - 72 * 3600 * 1000).toISOString().slice(0, 10);
  await visit(mentor.page, testInfo, pairPath);
  const meeting = mentor.page.getByRole("listitem", { name: /^Meeting on / });
  await meeting.getByText("Suggest another time").click();
  await meeting.getByLabel(/^New date/).fill(threeDaysAgo);
  await meeting.getByLabel(/^New time/).fill("09:30");
  await meeting.getByRole("button", { name: /^Suggest this time/ }).click();
  await expect(mentor.page.getByRole("status").filter({ hasText: "Another time was suggested." })).toBeVisible();
  await ready(mentor.page, testInfo);
  await expect(meeting.getByRole("button", { name: /^Agree to this time/ })).toHaveCount(0);
  await visit(mentee.page, testInfo, pairPath);
  await mentee.page.getByRole("listitem", { name: /^Meeting on / }).getByRole("button", { name: /^Agree to this time/ }).click();
  await expect(mentee.page.getByRole("status").filter({ hasText: "The meeting is agreed." })).toBeVisible();
  await ready(mentee.page, testInfo);
  await visit(mentor.page, testInfo, pairPath);
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
  // The mentor keeps notes: shared ones the mentee reads, private ones nobody else does.
  await meeting.locator("summary").filter({ hasText: /^Notes/ }).click();
  await meeting.getByLabel(/^Shared notes/).fill("Went through the cover letter together.");
  await meeting.getByLabel(/^Your private notes/).fill("Ask about funding next time.");
  await meeting.getByRole("button", { name: /^Save notes/ }).click();
  await expect(mentor.page.getByRole("status").filter({ hasText: "Your notes were saved." })).toBeVisible();
  await ready(mentor.page, testInfo);
  // Once they have met, the getting-started tips give way (they stay in the resources).
  await expect(mentor.page.getByRole("region", { name: "Tips for mentors" })).toHaveCount(0);
  await expectUsable(mentor.page);
  // The library holds the program's meeting ideas and first-position advice, by category.
  await mentor.page.getByRole("link", { name: "meeting ideas" }).click();
  await expect(mentor.page.getByRole("heading", { name: "Meeting ideas", level: 1 })).toBeVisible();
  await expect(mentor.page.getByRole("region", { name: "Job hunting" }).getByRole("heading", { name: "A mock interview" })).toBeVisible();
  await ready(mentor.page, testInfo);
  await expectUsable(mentor.page);

  // The mentee reads the shared notes only, and checks in with the organizers for the quarter.
  await visit(mentee.page, testInfo, pairPath);
  await expect(mentee.page.getByRole("listitem", { name: /^Meeting on / })).toContainText("Notes: Went through the cover letter together.");
  await expect(mentee.page.getByText("Ask about funding next time.")).toHaveCount(0);
  const checkins = mentee.page.getByRole("region", { name: "Check-ins" });
  await checkins.getByLabel("How is it going?").selectOption("5");
  await checkins.getByLabel("We met this quarter").check();
  await checkins.getByLabel("Anything to tell the organizers").fill("A good start.");
  await checkins.getByRole("button", { name: "Send check-in" }).click();
  await expect(mentee.page.getByRole("status").filter({ hasText: "Thank you: your check-in reached the organizers." })).toBeVisible();
  await ready(mentee.page, testInfo);
  await expect(mentee.page.getByRole("region", { name: "Check-ins" })).toContainText("Fall quarter · 5/5 · met · A good start.");

  // The mentee tells the organizers about a problem: it reaches their queue, never the mentor.
  const worry = `${mentee.name} worries the meetings are too short.`;
  await mentee.page.getByLabel("What is wrong?").fill(worry);
  await mentee.page.getByRole("button", { name: "Send to the organizers" }).click();
  await expect(mentee.page.getByRole("status").filter({ hasText: "Your message reached the organizers." })).toBeVisible();
  await ready(mentee.page, testInfo);
  await visit(page, testInfo, "/program/concerns");
  await expect(page.getByRole("heading", { name: "Concerns", level: 1 })).toBeVisible();
  const concern = page.getByRole("listitem", { name: new RegExp(`about ${mentee.name} and ${mentor.name}`) });
  await expect(concern).toContainText(worry);
  await ready(page, testInfo);
  await expectUsable(page);
  // The organizer takes it up, notes it for the other organizers and answers the mentee.
  await concern.getByLabel(/^Status/).selectOption({ label: "In progress" });
  await concern.getByLabel(/^Internal note/).fill("Called the mentor; they will book longer slots.");
  await concern.getByLabel(/^Reply to the reporter/).fill("Thank you for telling us: we spoke to your mentor.");
  await concern.getByRole("button", { name: /^Update/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "The concern was updated." })).toBeVisible();
  await ready(page, testInfo);
  await expect(concern.getByRole("heading", { level: 2 })).toContainText("In progress");
  await expect(concern).toContainText("Called the mentor; they will book longer slots.");
  await visit(mentee.page, testInfo, pairPath);
  await expect(mentee.page.getByRole("region", { name: "Tell the organizers about a problem" })).toContainText(
    "The organizers replied: Thank you for telling us: we spoke to your mentor.",
  );
  await visit(mentor.page, testInfo, pairPath);
  await expect(mentor.page.getByRole("heading", { name: `You and your mentee ${mentee.name}` })).toBeVisible();
  await expect(mentor.page.getByText(worry)).toHaveCount(0);
  await expect(mentor.page.getByText("we spoke to your mentor")).toHaveCount(0);

  // The year's spreadsheets count the pair's meeting in its quarter and hold the check-in.
  await visit(page, testInfo, "/program");
  await page.getByRole("row", { name: /Yes$/ }).getByRole("link").click();
  await expect(page.getByRole("heading", { name: /Program year/ })).toBeVisible();
  await ready(page, testInfo);
  expect(await downloadLines(page, "Meetings held per quarter")).toContain(`${mentee.name},${mentor.name},1,0,0`);
  const answers = (await downloadLines(page, "Check-in answers")).filter((line) => line.startsWith(`${mentee.name},${mentor.name},${mentee.name},Fall,5,yes,A good start.,`));
  expect(answers).toHaveLength(1);
  await mentor.page.context().close();
  await mentee.page.context().close();
});
