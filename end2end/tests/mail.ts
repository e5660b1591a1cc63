import { expect, type APIRequestContext } from "@playwright/test";

/** The tests' mail sink (mail-sink.mjs): both servers deliver to its SMTP port. */
export const MAIL_SINK_SMTP_PORT = 2525;
export const MAIL_SINK_HTTP_PORT = 3199;

export type Email = { to: string[]; subject: string; body: string };

/** Waits for the email to `address` whose subject matches, as it arrives in their inbox (the
 *  server delivers its outbox every second in the tests). */
export async function emailTo(request: APIRequestContext, address: string, subject: RegExp): Promise<Email> {
  let found: Email | undefined;
  // Polls the subjects that arrived, so a failure shows what the person did get.
  await expect
    .poll(
      async () => {
        const response = await request.get(`http://127.0.0.1:${MAIL_SINK_HTTP_PORT}/messages?to=${encodeURIComponent(address)}`);
        const emails = (await response.json()) as Email[];
        found = emails.filter((email) => subject.test(email.subject)).at(-1);
        return emails.map((email) => email.subject);
      },
      { message: `an email to ${address} about ${subject}`, timeout: 30_000 },
    )
    .toContainEqual(expect.stringMatching(subject));
  return found!;
}

/** The first address on this site in an email's body, as a path to visit. */
export function linkIn(email: Email, path: RegExp): string {
  const link = email.body.match(new RegExp(`https?://\\S+?(${path.source}\\S*)`))?.[1];
  expect(link, `a link to ${path} in: ${email.body}`).toBeTruthy();
  return link!;
}
