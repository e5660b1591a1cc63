import { expect, test } from "@playwright/test";
import {
  ORGANIZER,
  PASSWORD,
  expectAccessible,
  expectUsable,
  mainNav,
  ready,
  signIn,
  signUp,
  uniqueEmail,
  visit,
} from "./support";
import { emailTo, linkIn } from "./mail";

test("a visitor reads about the program, signs up, signs out and signs in again", async ({ page }, testInfo) => {
  const email = uniqueEmail("quinn", testInfo);

  await visit(page, testInfo, "/");
  await expect(page.getByRole("heading", { name: "The iSchool Mentorship Program" })).toBeVisible();
  await expect(page.getByText("Matches are made for one academic year, fall through spring.")).toBeVisible();
  await expect(mainNav(page).getByRole("link", { name: "Sign in" })).toBeVisible();
  await expectAccessible(page);

  await signUp(page, testInfo, "Quinn Query", email);
  await expect(mainNav(page).getByRole("link", { name: "Account" })).toBeVisible();
  await expect(mainNav(page).getByRole("link", { name: "People" })).toHaveCount(0);
  await expectAccessible(page);

  await mainNav(page).getByRole("button", { name: "Sign out" }).click();
  await expect(mainNav(page).getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "The iSchool Mentorship Program" })).toBeVisible();

  await signIn(page, testInfo, email, PASSWORD);
  await expect(page.getByRole("heading", { name: "Welcome, Quinn Query" })).toBeVisible();
  await ready(page, testInfo);
  await expect(mainNav(page).getByRole("button", { name: "Sign out" })).toBeVisible();
});

test("sign-up names each field that needs correcting", async ({ page }, testInfo) => {
  await visit(page, testInfo, "/sign-up");
  await expectAccessible(page);

  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page.getByText("Enter your name as you would like others to see it.")).toBeVisible();
  await expect(page.getByText("Enter an email address like name@example.edu.")).toBeVisible();
  await expect(page.getByText("Password must be at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
  await ready(page, testInfo);
  await expectAccessible(page);
});

test("a wrong password shows a message that does not say which part was wrong", async ({ page }, testInfo) => {
  const email = uniqueEmail("ada", testInfo);
  await signUp(page, testInfo, "Ada Archive", email);
  await mainNav(page).getByRole("button", { name: "Sign out" }).click();
  await expect(mainNav(page).getByRole("link", { name: "Sign in" })).toBeVisible();

  await signIn(page, testInfo, email, "not the password");

  await expect(page.getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(mainNav(page).getByRole("link", { name: "Sign in" })).toBeVisible();
  await ready(page, testInfo);
  await expectAccessible(page);
});

test("an organizer makes a participant an organizer", async ({ browser, page }, testInfo) => {
  const email = uniqueEmail("rhea", testInfo);
  const name = `Rhea ${testInfo.project.name.replace("-", " ")} ${testInfo.workerIndex}${Date.now() % 100000}`;
  const participant = await browser.newPage();
  await signUp(participant, testInfo, name, email);
  await participant.close();

  await signIn(page, testInfo, ORGANIZER.email, ORGANIZER.password);
  await expect(page.getByRole("heading", { name: `Welcome, ${ORGANIZER.name}` })).toBeVisible();
  await ready(page, testInfo);
  await mainNav(page).getByRole("link", { name: "People" }).click();
  await expect(page.getByRole("heading", { name: "People" })).toBeVisible();
  await ready(page, testInfo);
  await expectAccessible(page);

  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row.getByRole("cell", { name: "Participant" })).toBeVisible();
  await page.getByRole("button", { name: `Make organizer (${name})` }).click();

  await expect(row.getByRole("cell", { name: "Organizer" })).toBeVisible();
  await expect(page.getByRole("button", { name: `Make organizer (${name})` })).toHaveCount(0);
});

test("a signed-in person changes their password", async ({ page }, testInfo) => {
  const email = uniqueEmail("iris", testInfo);
  await signUp(page, testInfo, "Iris Index", email);
  await mainNav(page).getByRole("link", { name: "Account" }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await ready(page, testInfo);
  await expectAccessible(page);

  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password").fill("a fresh passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your current password is not correct.")).toBeVisible();
  await ready(page, testInfo);

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill("a fresh passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText("Your password was changed. Other devices were signed out.");
});

test("a page that does not exist says so", async ({ page }, testInfo) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByText("That page or item does not exist.")).toBeVisible();
  await expectAccessible(page);
});

test("someone who forgot their password sets a new one from the emailed link, which then stops working", async ({ browser, page }, testInfo) => {
  const email = uniqueEmail("fern", testInfo);
  const setUp = await browser.newPage();
  await signUp(setUp, testInfo, "Fern Forgetful", email);
  await setUp.close();

  await visit(page, testInfo, "/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Set a new password" })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  // The same words whether or not the address has an account.
  await expect(page.getByRole("status")).toContainText("If an account uses that address, a link to set a new password is on its way");
  await expectUsable(page);

  const link = linkIn(await emailTo(page.request, email, /^Set a new password/), /\/reset-password\//);
  await visit(page, testInfo, link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expectUsable(page);
  await page.getByLabel("New password").fill("a remembered passphrase");
  await page.getByRole("button", { name: "Save my new password" }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await ready(page, testInfo);

  // Signed in with the new password; the link is spent.
  await mainNav(page).getByRole("button", { name: "Sign out" }).click();
  await expect(mainNav(page).getByRole("link", { name: "Sign in" })).toBeVisible();
  await signIn(page, testInfo, email, "a remembered passphrase");
  await expect(page.getByRole("heading", { name: "Welcome, Fern Forgetful" })).toBeVisible();
  await visit(page, testInfo, link);
  await expect(page.getByRole("alert")).toHaveText("This link has expired or was already used.");
  await page.getByRole("link", { name: "Ask for a new link" }).click();
  await expect(page.getByRole("heading", { name: "Set a new password" })).toBeVisible();
});

test("an organizer disables an account, which is signed out at once, and enables it again", async ({ browser, page }, testInfo) => {
  const email = uniqueEmail("vera", testInfo);
  const name = `Vera ${testInfo.project.name.replace("-", " ")} ${testInfo.workerIndex}${Date.now() % 100000}`;
  const participant = await browser.newPage();
  await signUp(participant, testInfo, name, email);

  await signIn(page, testInfo, ORGANIZER.email, ORGANIZER.password);
  await expect(page.getByRole("heading", { name: `Welcome, ${ORGANIZER.name}` })).toBeVisible();
  await visit(page, testInfo, "/people");
  const row = page.getByRole("row", { name: new RegExp(name) });
  await page.getByRole("button", { name: `Disable account (${name})` }).click();
  await expect(row.getByRole("cell", { name: "Disabled" })).toBeVisible();

  // The participant's next page finds them signed out, and signing in is refused.
  await visit(participant, testInfo, "/account");
  await expect(mainNav(participant).getByRole("link", { name: "Sign in" })).toBeVisible();
  await signIn(participant, testInfo, email, PASSWORD);
  await expect(participant.getByRole("alert")).toContainText("This account has been disabled.");

  await page.getByRole("button", { name: `Enable account (${name})` }).click();
  await expect(row.getByRole("cell", { name: "Participant" })).toBeVisible();
  await signIn(participant, testInfo, email, PASSWORD);
  await expect(participant.getByRole("heading", { name: `Welcome, ${name}` })).toBeVisible();
  await participant.close();
});
