import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import {
  applyAs,
  completeProfile,
  expectUsable,
  mainNav,
  ready,
  signInAsOrganizer,
  signUp,
  uniqueEmail,
  uniqueName,
  visit,
} from "./support";

/** A fresh participant in a browser of their own, with a complete profile and an application. */
/** Another person's browser (a context of its own, so axe can scan its pages too). */
async function otherBrowser(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

async function applicant(browser: Browser, testInfo: TestInfo, first: string, role: "Mentee" | "Mentor"): Promise<{ page: Page; name: string; email: string }> {
  const page = await otherBrowser(browser);
  const name = uniqueName(first, testInfo);
  const email = uniqueEmail(first.toLowerCase(), testInfo);
  await signUp(page, testInfo, name, email);
  await completeProfile(page, testInfo, role === "Mentee" ? "mentee" : "mentor");
  await applyAs(page, testInfo, role);
  return { page, name, email };
}

async function decide(page: Page, testInfo: TestInfo, name: string, decision: string): Promise<void> {
  await visit(page, testInfo, `/program/applications?q=${encodeURIComponent(name)}`);
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toHaveCount(1);
  await row.getByLabel(`Decision for ${name}`).selectOption({ label: decision });
  await row.getByRole("button", { name: `Save decision for ${name}` }).click();
  await expect(row.getByRole("cell", { name: decision === "Approve" ? "Approved" : decision === "Waitlist" ? "Waitlisted" : "Declined" })).toBeVisible();
  await ready(page, testInfo);
}

test("a mentor and a mentee complete their profiles and apply; an organizer approves both", async ({ browser, page }, testInfo) => {
  // Three people through the whole enrollment, with axe and the 360 px check on eight pages: about a
  // minute on two shared cores without JavaScript, over the default budget.
  test.slow();
  const mentor = await applicant(browser, testInfo, "Marta", "Mentor");
  await expectUsable(mentor.page);
  const mentee = await applicant(browser, testInfo, "Theo", "Mentee");

  await signInAsOrganizer(page, testInfo);
  await mainNav(page).getByRole("link", { name: "Applications" }).click();
  await expect(page.getByRole("heading", { name: /Applications \d{4}–\d{2}/ })).toBeVisible();
  await ready(page, testInfo);
  await expectUsable(page);
  await decide(page, testInfo, mentor.name, "Approve");
  await decide(page, testInfo, mentee.name, "Approve");

  await visit(mentee.page, testInfo, "/apply");
  await expect(mentee.page.getByText("Status: Approved.")).toBeVisible();
  // Approved, the mentee names the mentor as their first choice.
  await mentee.page.getByLabel("First choice").selectOption({ label: mentor.name });
  await mentee.page.getByRole("button", { name: "Save my choices" }).click();
  await expect(mentee.page.getByRole("status").filter({ hasText: "Your choices were saved." })).toBeVisible();
  await ready(mentee.page, testInfo);
  await expect(mentee.page.getByLabel("First choice").locator("option:checked")).toHaveText(mentor.name);
  await expectUsable(mentee.page);
  // The mentor now sees the mentee who asked for them (with their program and interests), and ranks them.
  await visit(mentor.page, testInfo, "/apply");
  await expect(mentor.page.getByRole("heading", { name: "Mentees who asked for you" })).toBeVisible();
  const asked = mentor.page.getByLabel("First choice").locator("option", { hasText: mentee.name });
  await expect(asked).toHaveText(new RegExp(`^${mentee.name} \\(.+\\)$`));
  await mentor.page.getByLabel("First choice").selectOption((await asked.getAttribute("value"))!);
  await mentor.page.getByRole("button", { name: "Save my choices" }).click();
  await expect(mentor.page.getByRole("status").filter({ hasText: "Your choices were saved." })).toBeVisible();
  await ready(mentor.page, testInfo);
  await expect(mentor.page.getByLabel("First choice").locator("option:checked")).toContainText(mentee.name);
  await expectUsable(mentor.page);
  await mainNav(mentee.page).getByRole("link", { name: "Directory" }).click();
  await expect(mentee.page.getByRole("heading", { name: /Directory \d{4}–\d{2}/ })).toBeVisible();
  await ready(mentee.page, testInfo);
  await mentee.page.getByLabel("Search").fill(mentor.name);
  await mentee.page.getByRole("button", { name: "Filter" }).click();
  await expect(mentee.page.getByRole("status")).toHaveText("1 person");
  const card = mentee.page.getByRole("listitem").filter({ has: mentee.page.getByRole("heading", { name: mentor.name }) });
  await expect(card.getByText("Mentor · Library staff")).toBeVisible();
  await expect(card.getByText(mentor.email)).toHaveCount(0);
  await expectUsable(mentee.page);

  await card.getByRole("link", { name: mentor.name }).click();
  await expect(mentee.page.getByRole("heading", { name: mentor.name, level: 1 })).toBeVisible();
  await expect(mentee.page.getByText("Archives, Oral history")).toBeVisible();
  await expect(mentee.page.getByRole("heading", { name: "Contact" })).toHaveCount(0);
  await ready(mentee.page, testInfo);
  await expectUsable(mentee.page);
  await mentor.page.context().close();
  await mentee.page.context().close();
});

test("a profile with mistakes names each field and keeps what was typed", async ({ page }, testInfo) => {
  await signUp(page, testInfo, uniqueName("Ned", testInfo), uniqueEmail("ned", testInfo));
  await visit(page, testInfo, "/profile");
  await page.getByLabel(/A mentor/).check();
  await page.getByLabel("Short bio").fill("Reference librarian.");
  await page.getByRole("button", { name: "Save profile" }).click();

  await expect(page.getByRole("alert")).toHaveText("Please correct the fields marked below.");
  await expect(page.getByText("Enter your city or region.")).toBeVisible();
  await expect(page.getByText("Choose at least one way to meet.")).toBeVisible();
  await expect(page.getByText("Enter your employer or institution.")).toBeVisible();
  await expect(page.getByLabel("Short bio")).toHaveValue("Reference librarian.");
  await expect(page.getByLabel(/A mentor/)).toBeChecked();
  await ready(page, testInfo);
  await expectUsable(page);
});

test("a new participant reserves a seat at an orientation, gives it back and takes it again, and an organizer marks them present", async ({ browser, page }, testInfo) => {
  const name = uniqueName("Rosa", testInfo);
  await signUp(page, testInfo, name, uniqueEmail("rosa", testInfo));
  await completeProfile(page, testInfo, "mentee");
  await applyAs(page, testInfo, "Mentee");

  await mainNav(page).getByRole("link", { name: "Home" }).click();
  const orientation = page.getByRole("region", { name: "Orientation" });
  await expect(orientation.getByText("Young Research Library, room 11360")).toBeVisible();
  await ready(page, testInfo);
  await expectUsable(page);
  await orientation.getByRole("button", { name: /Reserve a seat/ }).click();

  await expect(orientation.getByText(/You are booked/)).toBeVisible();
  await ready(page, testInfo);
  // A change of plan: the seat is given back, then taken again.
  await orientation.getByRole("button", { name: "Cancel my seat" }).click();
  await expect(orientation.getByRole("button", { name: /Reserve a seat/ })).toBeVisible();
  await expect(orientation.getByText(/You are booked/)).toHaveCount(0);
  await ready(page, testInfo);
  await orientation.getByRole("button", { name: /Reserve a seat/ }).click();
  await expect(orientation.getByText(/You are booked/)).toBeVisible();

  const organizer = await otherBrowser(browser);
  await signInAsOrganizer(organizer, testInfo);
  await visit(organizer, testInfo, "/program");
  await organizer.getByRole("row", { name: /Yes$/ }).getByRole("link").click();
  await expect(organizer.getByRole("heading", { name: /Program year/ })).toBeVisible();
  await ready(organizer, testInfo);
  await expect(organizer.getByText(`${name} · Booked`)).toBeVisible();
  await organizer.getByRole("button", { name: `Mark attended ${name}` }).click();
  await expect(organizer.getByText(`${name} · Attended`)).toBeVisible();
  await organizer.context().close();
});

test("an organizer uploads a spreadsheet, sees its bad rows, and imports the rest", async ({ page }, testInfo) => {
  const tag = `${testInfo.project.name}-${Date.now().toString(36)}`;
  const csv = [
    "\ufeffName,Email,Role,Program,Source,Capacity",
    `"Archive, Ada ${tag}",ada.${tag}@example.edu,mentee,MLIS,,`,
    `Bo Binder,bo.${tag}@example.edu,mentor,,library staff,3`,
    `Cy Catalog,not-an-email,mentee,MLIS,,`,
    `Di Digital,di.${tag}@example.edu,mentee,MBA,,`,
    `Ed Again,ADA.${tag}@example.edu,mentee,PhD,,`,
  ].join("\r\n");

  await signInAsOrganizer(page, testInfo);
  await visit(page, testInfo, "/program/invitations");
  await expect(page.getByRole("heading", { name: /Invitations \d{4}–\d{2}/ })).toBeVisible();
  await expectUsable(page);
  await page.getByLabel("CSV file").setInputFiles({ name: "participants.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and preview" }).click();

  await expect(page.getByRole("heading", { name: "Import preview: participants.csv" })).toBeVisible();
  await ready(page, testInfo);
  const problems = page.getByRole("table", { name: "Rows with problems" });
  await expect(problems.getByRole("row", { name: /Line 4/ })).toContainText("“not-an-email” is not a valid email address.");
  await expect(problems.getByRole("row", { name: /Line 5/ })).toContainText("Unknown program “MBA”");
  await expect(problems.getByRole("row", { name: /Line 6/ })).toContainText("is already on line 2");
  await expect(page.getByRole("table", { name: "To import" }).getByRole("row")).toHaveCount(3);
  await expectUsable(page);

  await page.getByRole("button", { name: /Import 2 rows into/ }).click();
  await expect(page.getByRole("status")).toContainText("Imported.");
  await expect(page.getByRole("button", { name: /Import 2 rows/ })).toHaveCount(0);
  await visit(page, testInfo, "/program/invitations");
  await expect(page.getByRole("row", { name: new RegExp(`Archive, Ada ${tag}`) })).toContainText("Waiting");
});

test("an organizer invites someone, who accepts and is enrolled", async ({ browser, page }, testInfo) => {
  const name = uniqueName("Ivo", testInfo);
  const email = uniqueEmail("ivo", testInfo);
  await signInAsOrganizer(page, testInfo);
  await visit(page, testInfo, "/program/invitations");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("radio", { name: "Mentor" }).check();
  await page.getByRole("button", { name: "Send invitation" }).click();

  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Waiting");
  const sent = page.getByRole("status");
  await expect(sent).toContainText(`Invitation sent to ${email}.`);
  const link = await sent.getByRole("link").getAttribute("href");
  await ready(page, testInfo);
  await expectUsable(page);

  const invitee = await otherBrowser(browser);
  await visit(invitee, testInfo, new URL(link!).pathname);
  await expect(invitee.getByRole("heading", { name: /Join the \d{4}–\d{2} Mentorship Program/ })).toBeVisible();
  await expect(invitee.getByText(`You are invited to take part as a mentor, with the address ${email}.`)).toBeVisible();
  await expectUsable(invitee);
  await expect(invitee.getByLabel("Your name")).toHaveValue(name);
  await invitee.getByLabel("Password").fill("correct horse battery");
  await invitee.getByRole("button", { name: "Create account and accept" }).click();

  await expect(invitee.getByRole("heading", { name: "Your profile" })).toBeVisible();
  // The profile starts from what the invitation said.
  await expect(invitee.getByLabel(/A mentor/)).toBeChecked();
  await visit(invitee, testInfo, "/apply");
  await expect(invitee.getByText("You applied as a mentor. Status: Approved.")).toBeVisible();
  await visit(invitee, testInfo, new URL(link!).pathname);
  await expect(invitee.getByText("This invitation has already been used. Sign in instead.")).toBeVisible();
  await invitee.context().close();
});

test("an organizer creates another year, and a mistake in its dates is named", async ({ page }, testInfo) => {
  await signInAsOrganizer(page, testInfo);
  await mainNav(page).getByRole("link", { name: "Program" }).click();
  await expect(page.getByRole("heading", { name: "Program", exact: true })).toBeVisible();
  await ready(page, testInfo);
  await expectUsable(page);
  await page.getByRole("link", { name: "New program year" }).click();
  await expect(page.getByRole("heading", { name: /New program year/ })).toBeVisible();
  await ready(page, testInfo);
  const fallEnds = await page.getByLabel("Fall ends").inputValue();
  await page.getByLabel("Winter starts").fill(fallEnds);
  await page.getByRole("button", { name: "Create year" }).click();

  await expect(page.getByText("Winter quarter must start after Fall quarter ends.")).toBeVisible();
  await expect(page.getByLabel("Winter starts")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Winter starts")).toHaveValue(fallEnds);
  await ready(page, testInfo);
  await expectUsable(page);
});

test("an organizer adds a term to the vocabulary, which profiles then offer", async ({ browser, page }, testInfo) => {
  const term = `Zine libraries ${testInfo.project.name} ${Date.now() % 100000}`;
  await signInAsOrganizer(page, testInfo);
  await visit(page, testInfo, "/program/vocabulary");
  await expectUsable(page);
  await page.getByLabel("Term").fill(term);
  await page.getByRole("button", { name: "Add term" }).click();
  await expect(page.getByRole("region", { name: "In the vocabulary" }).getByRole("button", { name: `Retire ${term}` })).toBeVisible();

  const participant = await otherBrowser(browser);
  await signUp(participant, testInfo, uniqueName("Vera", testInfo), uniqueEmail("vera", testInfo));
  await visit(participant, testInfo, "/profile");
  await participant.getByLabel("A mentee (iSchool student)").check();
  await expect(participant.getByRole("group", { name: "Career interests" }).getByLabel(term)).toBeVisible();
  await participant.context().close();
});
