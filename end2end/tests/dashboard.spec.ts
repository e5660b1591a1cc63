import { expect, test } from "@playwright/test";
import { expectUsable, invited, mainNav, ready, signInAsOrganizer, visit } from "./support";
import { emailTo, linkIn } from "./mail";

const CHARTS = [
  "Enrollment: applied, approved and matched",
  "Mentor places used by source",
  "Average check-in rating by quarter",
  "Goals by status",
  "Orientation sign-ups and attendance",
  "Open concerns by age",
];

test("an organizer reads the dashboard's charts, filters them and opens the list behind a figure", async ({ page }, testInfo) => {
  await signInAsOrganizer(page, testInfo);
  await mainNav(page).getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("heading", { name: /^Dashboard \d{4}–\d{2}$/ })).toBeVisible();
  await ready(page, testInfo);
  for (const chart of CHARTS) {
    // The chart is an image named by its title and the numbers it shows, and a table repeats them.
    await expect(page.getByRole("img", { name: new RegExp(`^${chart}`) })).toBeVisible();
    await expect(page.getByRole("table", { name: chart })).toBeAttached();
  }
  await expect(page.getByRole("img", { name: /^Enrollment: applied, approved and matched Mentees: applied: \d+/ })).toBeVisible();
  await expectUsable(page);

  await page.getByLabel("Mentor source", { exact: true }).selectOption({ label: "Alumni" });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/source=alumni/);
  await ready(page, testInfo);
  await expect(page.getByLabel("Mentor source", { exact: true })).toHaveValue("alumni");

  const enrollment = page.getByRole("table", { name: CHARTS[0] });
  const applied = enrollment.getByRole("row", { name: /Mentees: applied/ }).getByRole("link");
  const shown = Number(await applied.textContent());
  await applied.click();
  await expect(page.getByRole("heading", { name: "Mentees who applied", level: 1 })).toBeVisible();
  await ready(page, testInfo);
  const list = page.getByRole("table", { name: "Mentees who applied" });
  // Other tests apply alongside this one, so the list holds at least what the figure showed.
  const status = await page.getByRole("status").textContent();
  const listed = Number(status?.match(/^(\d+) in /)?.[1]);
  expect(listed).toBeGreaterThanOrEqual(shown);
  await expect(list.getByRole("row")).toHaveCount(listed + 1);
  await expect(page.getByRole("link", { name: "Back to the dashboard" })).toHaveAttribute("href", /source=alumni/);
  await expectUsable(page);
});

test("an organizer previews an announcement to the mentors, then sends it", async ({ browser, page }, testInfo) => {
  await signInAsOrganizer(page, testInfo);
  // At least one approved mentor to send to, whatever else has run.
  const mentor = await invited(browser, page, testInfo, "Mentor", "Amara");
  await visit(page, testInfo, "/");
  await page.getByRole("link", { name: "Announcements to a group of participants" }).click();
  await expect(page.getByRole("heading", { name: "Announcements", level: 1 })).toBeVisible();
  await ready(page, testInfo);
  const subject = `Spring social ${testInfo.project.name} ${Date.now()}`;

  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.getByText("Enter a subject.")).toBeVisible();

  await page.getByLabel("To").selectOption({ label: "Approved mentors" });
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("Message").fill("Join us on May 5 at the Young Research Library.");
  await page.getByRole("button", { name: "Preview" }).click();

  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview).toContainText(/To approved mentors of \d{4}–\d{2}: \d+ people\./);
  await expect(preview).toContainText("Join us on May 5 at the Young Research Library.");
  await expect(page.getByLabel("Subject")).toHaveValue(subject);
  await expectUsable(page);

  const send = preview.getByRole("button", { name: /^Send to \d+ people$/ });
  const people = Number(/\d+/.exec((await send.textContent())!)![0]);
  expect(people).toBeGreaterThanOrEqual(1);
  await send.click();
  // Everyone is counted: queued, or left out for having turned announcements off.
  const sent = page.getByRole("status");
  await expect(sent).toContainText(/^Sent: \d+ emails? queued/);
  const [, queued, , off] = /^Sent: (\d+) emails? queued( \((\d+) (?:person has|people have) turned announcements off\))?\.$/.exec((await sent.textContent())!)!;
  expect(Number(queued) + Number(off ?? 0)).toBe(people);
  await expect(page.getByRole("region", { name: "Preview" })).toHaveCount(0);
  await ready(page, testInfo);

  // The mentor reads it, and stops announcements from its link, without signing in.
  const email = await emailTo(page.request, mentor.email, new RegExp(subject));
  expect(email.body).toContain("Join us on May 5 at the Young Research Library.");
  const unsubscribe = linkIn(email, /\/unsubscribe\//);
  const reader = mentor.page;
  await reader.context().clearCookies();
  await visit(reader, testInfo, unsubscribe);
  await expect(reader.getByText(`Stop emails about announcements from the organizers for ${mentor.name}?`)).toBeVisible();
  await expectUsable(reader);
  await reader.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(reader.getByRole("status")).toHaveText("Done: no more emails about announcements from the organizers.");
  await reader.context().close();
});
