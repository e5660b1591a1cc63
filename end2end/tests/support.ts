import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type Page, type TestInfo } from "@playwright/test";

export const ORGANIZER = { email: "organizer@example.edu", password: "organizer password 2026", name: "Olga Organizer" };
export const PASSWORD = "correct horse battery";

/** An address no other test (or earlier run on the same server) uses. */
export function uniqueEmail(prefix: string, testInfo: TestInfo): string {
  const tag = `${testInfo.project.name}-${testInfo.workerIndex}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
  return `${prefix}.${tag}@example.edu`;
}

/** With JavaScript on, waits until the page is hydrated, so the test exercises the Leptos app and
 *  not the plain form it replaces; with JavaScript off there is nothing to wait for. */
export async function ready(page: Page, testInfo: TestInfo): Promise<void> {
  if (testInfo.project.use.javaScriptEnabled !== false) {
    await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
  }
}

export async function visit(page: Page, testInfo: TestInfo, path: string): Promise<void> {
  await page.goto(path);
  await ready(page, testInfo);
}

/** Zero axe violations on what the page shows now. Axe runs as a script in the page, so with
 *  JavaScript off the same markup (scripts removed, same origin, so the same styles) is scanned in a
 *  scripting page of its own. */
export async function expectAccessible(page: Page): Promise<void> {
  let target = page;
  if (!(await scriptsRun(page))) {
    const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
    const context = await page.context().browser()!.newContext({ javaScriptEnabled: true, viewport: page.viewportSize() });
    target = await context.newPage();
    await target.goto(new URL("/healthz", page.url()).toString());
    await target.setContent(html, { waitUntil: "load" });
  }
  try {
    const results = await new AxeBuilder({ page: target }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  } finally {
    if (target !== page) await target.context().close();
  }
}

async function scriptsRun(page: Page): Promise<boolean> {
  return (await page.locator("body[data-hydrated]").count()) > 0;
}

export async function signUp(page: Page, testInfo: TestInfo, name: string, email: string): Promise<void> {
  await visit(page, testInfo, "/sign-up");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${name}` })).toBeVisible();
  await ready(page, testInfo);
}

export async function signIn(page: Page, testInfo: TestInfo, email: string, password: string): Promise<void> {
  await visit(page, testInfo, "/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export function mainNav(page: Page) {
  return page.getByRole("navigation", { name: "Main" });
}

export async function signInAsOrganizer(page: Page, testInfo: TestInfo): Promise<void> {
  await signIn(page, testInfo, ORGANIZER.email, ORGANIZER.password);
  await expect(page.getByRole("heading", { name: `Welcome, ${ORGANIZER.name}` })).toBeVisible();
  await ready(page, testInfo);
}

/** A name no other test uses, for finding one's own row in shared tables. */
export function uniqueName(first: string, testInfo: TestInfo): string {
  return `${first} ${testInfo.project.name.replace("-", " ")} ${testInfo.workerIndex}${Date.now() % 100000}`;
}

/** The page fits a 360 px wide phone: nothing makes it scroll sideways. */
export async function expectFitsSmallScreen(page: Page): Promise<void> {
  const original = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 780 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (original) await page.setViewportSize(original);
  expect(overflow, "horizontal overflow at 360 px").toBeLessThanOrEqual(0);
}

/** Runs axe and the 360 px check on the page as it is now. */
export async function expectUsable(page: Page): Promise<void> {
  await expectAccessible(page);
  await expectFitsSmallScreen(page);
}

/** Completes the profile form for one side and saves it. */
export async function completeProfile(page: Page, testInfo: TestInfo, side: "mentee" | "mentor"): Promise<void> {
  await visit(page, testInfo, "/profile");
  await expect(page.getByRole("heading", { name: "Your profile" })).toBeVisible();
  await page.getByLabel(side === "mentee" ? "A mentee (iSchool student)" : /A mentor/).check();
  await page.getByLabel("Short bio").fill(side === "mentee" ? "Second-year MLIS student who loves zines." : "Archivist at a university library.");
  await page.getByLabel("City or region").fill("Los Angeles");
  await page.getByRole("group", { name: "Ways you can meet" }).getByLabel("Video call").check();
  await page.getByLabel("Time zone").selectOption("America/Los_Angeles");
  if (side === "mentor") {
    const mentor = page.getByRole("region", { name: "As a mentor" });
    await mentor.getByLabel("Employer or institution").fill("UCLA Library");
    await mentor.getByLabel("Job title").fill("Archivist");
    await mentor.getByLabel("How you come to the program").selectOption("library_staff");
    await mentor.getByLabel("Years of experience").fill("9");
    await mentor.getByRole("group", { name: "Areas of expertise" }).getByLabel("Archives").check();
    await mentor.getByLabel("Other areas of expertise").fill("Oral history");
    await mentor.getByRole("group", { name: "Sectors you have worked in" }).getByLabel("Academic libraries").check();
    await mentor.getByRole("group", { name: "What you can offer" }).getByLabel("Mock interviews").check();
  } else {
    const mentee = page.getByRole("region", { name: "As a mentee" });
    await mentee.getByLabel("Degree program").selectOption("MLIS");
    await mentee.getByLabel("Expected graduation year").fill(String(new Date().getFullYear() + 1));
    await mentee.getByRole("group", { name: "Career interests" }).getByLabel("Archives").check();
    await mentee.getByRole("group", { name: "Where you would like to work" }).getByLabel("Special collections").check();
    await mentee.getByLabel("What you want from a mentor").fill("Advice on archives job applications.");
  }
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status")).toHaveText("Your profile was saved.");
  await ready(page, testInfo);
}

/** Applies to the current year for the role the profile was completed for. */
export async function applyAs(page: Page, testInfo: TestInfo, role: "Mentee" | "Mentor"): Promise<void> {
  await visit(page, testInfo, "/apply");
  await page.getByRole("radio", { name: role }).check();
  if (role === "Mentor") {
    await page.getByLabel("How many mentees you can take").fill("2");
  } else {
    await page.getByLabel("Your goals for this year").fill("Find out how archives hire and practise interviews.");
  }
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("status")).toContainText("Your application was saved.");
  await expect(page.getByText("Status: Waiting for a decision.")).toBeVisible();
  await ready(page, testInfo);
}

export type Person = { page: Page; name: string; email: string };

/** The organizer (on `organizer`) invites someone, who accepts in a browser of their own and lands
 *  on their profile. Invitations enroll people approved, whatever the year's phase. */
export async function invited(browser: Browser, organizer: Page, testInfo: TestInfo, role: "Mentee" | "Mentor", first: string): Promise<Person> {
  const name = uniqueName(first, testInfo);
  const email = uniqueEmail(first.toLowerCase(), testInfo);
  await visit(organizer, testInfo, "/program/invitations");
  await organizer.getByLabel("Name").fill(name);
  await organizer.getByLabel("Email").fill(email);
  await organizer.getByRole("radio", { name: role }).check();
  await organizer.getByRole("button", { name: "Send invitation" }).click();
  const link = await organizer.getByRole("status").getByRole("link").getAttribute("href");
  const page = await (await browser.newContext({ javaScriptEnabled: testInfo.project.use.javaScriptEnabled })).newPage();
  await visit(page, testInfo, new URL(link!).pathname);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account and accept" }).click();
  await expect(page.getByRole("heading", { name: "Your profile" })).toBeVisible();
  await ready(page, testInfo);
  return { page, name, email };
}

/** Downloads one of the year's exports from its page and returns its lines. */
export async function downloadLines(page: Page, file: string): Promise<string[]> {
  const downloading = page.waitForEvent("download");
  await page.getByRole("region", { name: "Exports" }).getByRole("link", { name: `${file} (CSV)` }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^\d{4}-\d{2}-[a-z-]+\.csv$/);
  const text = await readFile((await download.path())!, "utf8");
  return text.replace(/^\uFEFF/, "").split("\r\n");
}

/** On a program year's page, schedules an orientation session and waits for it to be listed. */
export async function addOrientationSession(
  page: Page,
  testInfo: TestInfo,
  session: { starts: string; minutes: number; place: string; seats: number },
): Promise<void> {
  await page.getByLabel("Starts (Pacific time)").fill(session.starts);
  await page.getByLabel("Length in minutes").fill(String(session.minutes));
  await page.getByLabel("Place").fill(session.place);
  await page.getByLabel("Seats").fill(String(session.seats));
  await page.getByRole("button", { name: "Add session" }).click();
  await expect(page.getByText(`${session.place} · 0 of ${session.seats} seats taken`)).toBeVisible();
  await ready(page, testInfo);
}

/** An organizer's new program year whose Fall starts in September of `fallYear`, created on the
 *  new-year page; returns its label ("2040–41"). The page then shows the year. */
export async function createYear(page: Page, testInfo: TestInfo, fallYear: number): Promise<string> {
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
  return label;
}

/** On a program year's page, moves the year on phase by phase until it is closed. */
export async function closeYear(page: Page, testInfo: TestInfo): Promise<void> {
  for (const next of ["Move to matching", "Move to active", "Move to closed"]) {
    await page.getByRole("button", { name: next }).click();
    await expect(page.getByRole("button", { name: next })).toHaveCount(0);
    await ready(page, testInfo);
  }
  await expect(page.getByText(/^This year is in the Closed phase/)).toBeVisible();
}
