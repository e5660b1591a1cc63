import { defineConfig, devices } from "@playwright/test";
import { MAIL_SINK_HTTP_PORT, MAIL_SINK_SMTP_PORT } from "./tests/mail";
import { IDP_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } from "./tests/idp";

// Every flow runs four times: JavaScript on (hydrated) and off (plain forms), against a server on
// SQLite and one on PostgreSQL. Each server starts on a fresh database (see serve.sh).
// Each engine also has two servers with no organizer yet, one per mode, for the first-run page
// (its one-time link works once per server).
const engines = [
  { name: "sqlite", port: 3100, firstRun: { js: 3102, nojs: 3103 } },
  { name: "postgres", port: 3101, firstRun: { js: 3104, nojs: 3105 } },
];

export default defineConfig({
  testDir: "./tests",
  // Generous: CI machines have two cores shared by two servers, two browsers and the workers.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  // Always: a stray test.only would otherwise pass a local run with one test.
  forbidOnly: true,
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: [["list"]],
  use: {
    // A click on something that never appears fails in 15 s instead of using up the whole test.
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    // No trace: recording one made every test about 40 % slower (a 25 s flow took 15 s without).
    // A failure still leaves the page's accessibility snapshot (error-context.md) and a screenshot.
    trace: "off",
    screenshot: "only-on-failure",
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
  projects: engines.flatMap(({ name, port, firstRun }) => {
    // JavaScript on: a desktop browser, hydrated. Off: a phone, plain forms.
    const browsing = (javaScriptEnabled: boolean, on = port) => ({
      ...devices[javaScriptEnabled ? "Desktop Chrome" : "Pixel 7"],
      baseURL: `http://127.0.0.1:${on}`,
      javaScriptEnabled,
    });
    const flows = /(matching|pairs|year-end|first-run)\.spec\.ts/;
    return [
      { name: `${name}-setup`, testMatch: /program-year\.setup\.ts/, use: browsing(true) },
      { name: `${name}-js`, dependencies: [`${name}-setup`], testIgnore: flows, use: browsing(true) },
      { name: `${name}-nojs`, dependencies: [`${name}-setup`], testIgnore: flows, use: browsing(false) },
      // Publishing moves the year on from enrollment, so matching runs once the other flows are
      // done, one mode after the other.
      { name: `${name}-matching-js`, dependencies: [`${name}-js`, `${name}-nojs`], testMatch: /matching\.spec\.ts/, use: browsing(true) },
      { name: `${name}-matching-nojs`, dependencies: [`${name}-matching-js`], testMatch: /matching\.spec\.ts/, use: browsing(false) },
      // A pair's page needs a published year; the organizer pairs its own two people by hand,
      // after both matching runs (publishing again while pairs are assigned would find the draft
      // stale).
      { name: `${name}-pairs-js`, dependencies: [`${name}-matching-nojs`], testMatch: /pairs\.spec\.ts/, use: browsing(true) },
      { name: `${name}-pairs-nojs`, dependencies: [`${name}-matching-nojs`], testMatch: /pairs\.spec\.ts/, use: browsing(false) },
      // Last: the year-end flow makes a year of its own current, closes it and starts the next.
      { name: `${name}-year-end-js`, dependencies: [`${name}-pairs-js`, `${name}-pairs-nojs`], testMatch: /year-end\.spec\.ts/, use: browsing(true) },
      { name: `${name}-year-end-nojs`, dependencies: [`${name}-year-end-js`], testMatch: /year-end\.spec\.ts/, use: browsing(false) },
      { name: `${name}-first-run-js`, testMatch: /first-run\.spec\.ts/, use: browsing(true, firstRun.js) },
      { name: `${name}-first-run-nojs`, testMatch: /first-run\.spec\.ts/, use: browsing(false, firstRun.nojs) },
    ];
  }),
  webServer: [
    // Every server delivers its email here; tests read it as the person would (see tests/mail.ts).
    {
      command: `node mail-sink.mjs ${MAIL_SINK_SMTP_PORT} ${MAIL_SINK_HTTP_PORT}`,
      url: `http://127.0.0.1:${MAIL_SINK_HTTP_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 10_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    // The campus's OpenID Provider for single sign-on (see oidc-idp.mjs and tests/sso.spec.ts).
    {
      command: `node oidc-idp.mjs ${IDP_PORT} ${OIDC_CLIENT_ID} ${OIDC_CLIENT_SECRET} ${engines
        .map(({ port }) => `http://127.0.0.1:${port}/auth/oidc/callback`)
        .join(" ")}`,
      url: `http://127.0.0.1:${IDP_PORT}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 10_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    ...engines.flatMap(({ name, port, firstRun }) => [
      { command: `./serve.sh ${name} ${port}`, port },
      { command: `./serve.sh ${name} ${firstRun.js} first-run`, port: firstRun.js },
      { command: `./serve.sh ${name} ${firstRun.nojs} first-run`, port: firstRun.nojs },
    ]).map(({ command, port }) => ({
      command,
      url: `http://127.0.0.1:${port}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
    })),
  ],
});
