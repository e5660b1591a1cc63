import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { PASSWORD, expectUsable, mainNav, ready, visit } from "./support";

/** The one-time link this project's server printed at start-up (serve.sh keeps its output). */
async function printedSetupLink(baseURL: string, configFile: string): Promise<string> {
  const log = path.join(path.dirname(configFile), ".data", `serve-${new URL(baseURL).port}.log`);
  const printed = (await readFile(log, "utf8")).match(/https?:\/\/\S+(\/setup\/\S+)/)?.[1];
  expect(printed, `a setup link in ${log}`).toBeTruthy();
  return printed!;
}

// Its own server, started with no organizer (see playwright.config.ts).
test("the first organizer is created through the link printed at start-up, once", async ({ page, baseURL }, testInfo) => {
  const link = await printedSetupLink(baseURL!, testInfo.config.configFile!);
  await visit(page, testInfo, link);
  await expect(page.getByRole("heading", { name: "Create the first organizer" })).toBeVisible();
  await expectUsable(page);

  await page.getByLabel("Your name").fill("Marian Founder");
  await page.getByLabel("Email").fill("marian.founder@example.edu");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create organizer account" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Marian Founder" })).toBeVisible();
  await ready(page, testInfo);
  await expect(mainNav(page).getByRole("link", { name: "Program" })).toBeVisible();

  // The link is spent: a second visitor finds nothing there.
  const other = await page.context().browser()!.newContext({ javaScriptEnabled: testInfo.project.use.javaScriptEnabled });
  const stranger = await other.newPage();
  const response = await stranger.goto(link);
  expect(response?.status()).toBe(404);
  await expect(stranger.getByRole("heading", { name: "Create the first organizer" })).toHaveCount(0);
  await expect(stranger.getByRole("alert")).toBeVisible();
  await other.close();
});
