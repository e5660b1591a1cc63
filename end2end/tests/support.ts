import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

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
