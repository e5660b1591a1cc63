import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { expectUsable, ready, signInAsOrganizer, signUp, uniqueEmail, uniqueName, visit } from "./support";

/** Another person's browser, with JavaScript on or off as the project runs. */
async function otherBrowser(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: testInfo.project.use.javaScriptEnabled !== false });
  return context.newPage();
}

test("anyone reads the program's tips and advice, written from the program's own text", async ({ page }, testInfo) => {
  await visit(page, testInfo, "/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Resources" }).click();
  await expect(page.getByRole("heading", { name: "Resources", level: 1 })).toBeVisible();
  await ready(page, testInfo);
  await expectUsable(page);
  await page.getByRole("link", { name: "Advice for a first position" }).click();
  await expect(page.getByRole("heading", { name: "Advice for a first position", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Job hunting advice", level: 2 })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "A mock interview" })).toBeVisible();
  await expectUsable(page);
});

test("an organizer writes a page with a preview; a participant suggests a change, which is accepted; the history restores the first text", async ({ browser, page }, testInfo) => {
  test.setTimeout(120_000);
  const title = uniqueName("Informational interviews", testInfo);
  await signInAsOrganizer(page, testInfo);
  await visit(page, testInfo, "/resources");
  const add = page.getByRole("region", { name: "Add a page" });
  await add.getByLabel("Title").fill(title);
  await add.getByLabel("For").selectOption({ label: "Mentees" });
  await add.getByRole("button", { name: "Add page" }).click();
  await expect(page.getByRole("heading", { name: `Edit: ${title}` })).toBeVisible();
  await ready(page, testInfo);

  // The preview shows the page as readers will see it, and publishes nothing; a script is dropped.
  await page.getByLabel("Text").fill("## Before the interview\n\n- Read their **profile**.\n- Prepare three questions.\n\n<script>document.title = 'taken'</script>\n");
  await page.getByLabel("What changed (for the history)").fill("First text");
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.getByRole("heading", { name: "Before the interview" })).toBeVisible();
  await expect(preview.getByRole("listitem").filter({ hasText: "Read their profile." })).toBeVisible();
  await expect(preview.locator("script")).toHaveCount(0);
  await ready(page, testInfo);
  await expect(page.getByLabel("Text")).toHaveValue(/Prepare three questions\./);
  await expectUsable(page);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "The page was saved." })).toBeVisible();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Before the interview", level: 2 })).toBeVisible();
  expect(await page.title()).not.toBe("taken");
  const pagePath = new URL(page.url()).pathname;

  // A participant reads it and suggests a change.
  const participant = await otherBrowser(browser, testInfo);
  const name = uniqueName("Paz", testInfo);
  await signUp(participant, testInfo, name, uniqueEmail("paz", testInfo));
  await visit(participant, testInfo, "/resources");
  await participant.getByRole("link", { name: title }).click();
  await expect(participant.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await ready(participant, testInfo);
  await participant.getByLabel("The page as you suggest it").fill("## Before the interview\n\n- Read their profile.\n- Prepare three questions.\n- Send a thank-you note afterwards.\n");
  await participant.getByLabel("What you changed and why").fill("A thank-you note matters.");
  await participant.getByRole("button", { name: "Send suggestion" }).click();
  await expect(participant.getByRole("status").filter({ hasText: "Thank you: your suggestion reached the organizers." })).toBeVisible();
  await ready(participant, testInfo);
  await expect(participant.getByRole("region", { name: "Your suggestions" })).toContainText("Waiting");
  await expectUsable(participant);

  // The organizer accepts it with a reply.
  await visit(page, testInfo, `${pagePath}/edit`);
  const suggestion = page.getByRole("listitem", { name: new RegExp(`^Suggestion from ${name} on`) });
  await suggestion.getByText("The page as suggested").click();
  await expect(suggestion.getByRole("listitem").filter({ hasText: "Send a thank-you note afterwards." })).toBeVisible();
  await suggestion.getByLabel(`Reply to ${name} (optional)`).fill("Good point, thank you.");
  await expectUsable(page);
  await suggestion.getByRole("button", { name: /^Accept/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "The suggestion was answered" })).toBeVisible();
  await ready(page, testInfo);
  await expect(page.getByRole("region", { name: "Suggestions from participants" })).toContainText("No suggestions waiting.");

  await visit(participant, testInfo, pagePath);
  await expect(participant.getByRole("listitem").filter({ hasText: "Send a thank-you note afterwards." })).toBeVisible();
  await expect(participant.getByRole("region", { name: "Your suggestions" })).toContainText("Accepted");
  await expect(participant.getByRole("region", { name: "Your suggestions" })).toContainText("Good point, thank you.");

  // The history has each version; the organizer brings back the first text.
  await visit(page, testInfo, `${pagePath}/history`);
  await expect(page.getByRole("listitem", { name: "Version 2" })).toContainText(`Suggested by ${name}: A thank-you note matters.`);
  await expect(page.getByRole("listitem", { name: "Version 1" })).toContainText("First text");
  await expectUsable(page);
  await page.getByRole("button", { name: "Restore version 1" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The earlier version was restored" })).toBeVisible();
  await ready(page, testInfo);
  await expect(page.getByRole("listitem", { name: "Version 3" })).toContainText("Version 1 restored");
  await visit(participant, testInfo, pagePath);
  await expect(participant.getByRole("listitem").filter({ hasText: "Prepare three questions." })).toBeVisible();
  await expect(participant.getByText("Send a thank-you note afterwards.")).toHaveCount(0);
});
