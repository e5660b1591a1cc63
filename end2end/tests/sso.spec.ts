import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { PASSWORD, expectUsable, mainNav, ready, signUp, uniqueEmail, visit } from "./support";

/** At the campus's sign-in page (the tests' OpenID Provider), says who one is. */
async function signInAtCampus(page: Page, username: string, email: string, name: string): Promise<void> {
  await expect(page.getByRole("heading", { name: "Campus sign-in" })).toBeVisible();
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Sign in to campus" }).click();
}

function campusUsername(testInfo: TestInfo): string {
  return `bruin-${testInfo.project.name}-${testInfo.workerIndex}-${Date.now().toString(36)}`;
}

test("a student signs in with their university account and has an account at once", async ({ page }, testInfo) => {
  const email = uniqueEmail("jo.bruin", testInfo);

  await visit(page, testInfo, "/sign-in");
  await expectUsable(page);
  await page.getByRole("link", { name: "Sign in with your university account" }).click();
  await signInAtCampus(page, campusUsername(testInfo), email, "Jo Bruin");

  await expect(page.getByRole("heading", { name: "Welcome, Jo Bruin" })).toBeVisible();
  await ready(page, testInfo);
  await expect(mainNav(page).getByRole("link", { name: "Account" })).toBeVisible();
  await expectUsable(page);
});

test("a university sign-in with an existing account's address asks for that account's password once", async ({ page }, testInfo) => {
  const email = uniqueEmail("ada", testInfo);
  const username = campusUsername(testInfo);
  await signUp(page, testInfo, "Ada Archive", email);
  await mainNav(page).getByRole("button", { name: "Sign out" }).click();
  await expect(mainNav(page).getByRole("link", { name: "Sign in" })).toBeVisible();

  await visit(page, testInfo, "/sign-in");
  await page.getByRole("link", { name: "Sign in with your university account" }).click();
  await signInAtCampus(page, username, email, "Ada Archive");

  await expect(page.getByRole("heading", { name: "Link your university account" })).toBeVisible();
  await ready(page, testInfo);
  await expect(page.getByText(email)).toBeVisible();
  await expectUsable(page);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Link and sign in" }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await ready(page, testInfo);

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Link and sign in" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Ada Archive" })).toBeVisible();
  await ready(page, testInfo);
  await mainNav(page).getByRole("button", { name: "Sign out" }).click();
  await expect(mainNav(page).getByRole("link", { name: "Sign in" })).toBeVisible();

  // Linked: the university alone signs Ada in now.
  await visit(page, testInfo, "/sign-in");
  await page.getByRole("link", { name: "Sign in with your university account" }).click();
  await signInAtCampus(page, username, email, "Ada Archive");
  await expect(page.getByRole("heading", { name: "Welcome, Ada Archive" })).toBeVisible();
});
