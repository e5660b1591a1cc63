import { defineConfig, devices } from "@playwright/test";

// Every flow runs four times: JavaScript on (hydrated) and off (plain forms), against a server on
// SQLite and one on PostgreSQL. Each server starts on a fresh database (see serve.sh).
const engines = [
  { name: "sqlite", port: 3100 },
  { name: "postgres", port: 3101 },
];

export default defineConfig({
  testDir: "./tests",
  // Generous: CI machines have two cores shared by two servers, two browsers and the workers.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: [["list"]],
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  // Each engine's server first gets its current program year (with an orientation session) from
  // an organizer, through the pages; the flows that need a year depend on that.
  projects: engines.flatMap(({ name, port }) => [
    {
      name: `${name}-setup`,
      testMatch: /program-year\.setup\.ts/,
      use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${port}`, javaScriptEnabled: true },
    },
    {
      name: `${name}-js`,
      dependencies: [`${name}-setup`],
      testIgnore: /matching\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${port}`, javaScriptEnabled: true },
    },
    {
      name: `${name}-nojs`,
      dependencies: [`${name}-setup`],
      testIgnore: /matching\.spec\.ts/,
      use: { ...devices["Pixel 7"], baseURL: `http://127.0.0.1:${port}`, javaScriptEnabled: false },
    },
    // Publishing moves the year on from enrollment, so matching runs once the other flows are done,
    // one mode after the other.
    {
      name: `${name}-matching-js`,
      dependencies: [`${name}-js`, `${name}-nojs`],
      testMatch: /matching\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${port}`, javaScriptEnabled: true },
    },
    {
      name: `${name}-matching-nojs`,
      dependencies: [`${name}-matching-js`],
      testMatch: /matching\.spec\.ts/,
      use: { ...devices["Pixel 7"], baseURL: `http://127.0.0.1:${port}`, javaScriptEnabled: false },
    },
  ]),
  webServer: engines.map(({ name, port }) => ({
    command: `./serve.sh ${name} ${port}`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  })),
});
