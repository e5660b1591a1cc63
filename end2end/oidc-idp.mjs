// A real OpenID Provider for the tests (npm's oidc-provider, an OpenID-certified implementation),
// standing in for a campus's single sign-on. Only its sign-in page is ours: a person types who they
// are, as they would type a campus password, and the provider does the rest of the protocol
// (discovery, authorization code with PKCE, signed ID tokens, JWKS) itself.
//
// Usage: node oidc-idp.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI [REDIRECT_URI…]
// It prints "ready http://127.0.0.1:PORT" once it listens.
//
// The sign-in page asks for a username (the subject, `sub`), an email, a name, whether the email
// is verified, and whether the person used a second factor (the ID token then carries
// amr ["pwd", "mfa"], as campus IdPs that enforce MFA send).
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import Provider, { interactionPolicy } from "oidc-provider";

const [port, clientId, clientSecret, ...redirectUris] = process.argv.slice(2);
if (!port || !clientId || !clientSecret || redirectUris.length === 0) {
  console.error("usage: node oidc-idp.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI…");
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

// The provider asks who you are at every sign-in, even with its own session still open, so that
// one browser can sign in as several people in turn (as on a shared campus computer).
const policy = interactionPolicy.base();
policy.get("login").checks.add(
  new interactionPolicy.Check("every_time", "The campus asks at every sign-in", (ctx) =>
    ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
  ),
);

// What each person typed at their last sign-in, by subject.
const people = new Map();

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  claims: {
    // amr rides with the openid scope, so every ID token says how the person signed in.
    openid: ["sub", "amr"],
    email: ["email", "email_verified"],
    profile: ["name"],
  },
  // The ID token carries the claims itself, as most campus IdPs send them, so the app need not
  // call the userinfo endpoint.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  cookies: { keys: [randomBytes(16).toString("hex")] },
  features: { devInteractions: { enabled: false } },
  interactions: { policy, url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, sub) {
    const person = people.get(sub);
    if (!person) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, email: person.email, email_verified: person.emailVerified, name: person.name };
      },
    };
  },
});
// Loopback HTTP: the provider refuses plain HTTP for anything but development otherwise.
provider.proxy = false;

const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function signInPage(uid, problem) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Campus sign-in</title></head>
<body><main><h1>Campus sign-in</h1>
${problem ? `<p role="alert">${escape(problem)}</p>` : ""}
<form method="post" action="/interaction/${escape(uid)}/login">
<p><label for="username">Username</label> <input id="username" name="username" required></p>
<p><label for="email">Email</label> <input id="email" name="email" type="email" required></p>
<p><label for="name">Name</label> <input id="name" name="name" required></p>
<p><input id="verified" name="verified" type="checkbox" checked> <label for="verified">Email verified</label></p>
<p><input id="mfa" name="mfa" type="checkbox"> <label for="mfa">Used a second factor</label></p>
<p><button type="submit">Sign in to campus</button></p>
</form></main></body></html>`;
}

async function readForm(req) {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error("form too large");
  }
  return new URLSearchParams(body);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error("interaction mismatch");
  if (details.prompt.name === "login") {
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(signInPage(uid));
      return;
    }
    if (req.method === "POST" && action === "login") {
      const form = await readForm(req);
      const sub = form.get("username")?.trim();
      if (!sub) {
        res.writeHead(400, { "content-type": "text/html; charset=utf-8" });
        res.end(signInPage(uid, "Enter a username."));
        return;
      }
      people.set(sub, {
        email: form.get("email")?.trim() ?? "",
        name: form.get("name")?.trim() ?? "",
        emailVerified: form.get("verified") === "on",
      });
      const amr = form.get("mfa") === "on" ? ["pwd", "mfa"] : ["pwd"];
      await provider.interactionFinished(req, res, { login: { accountId: sub, amr } }, { mergeWithLastSubmission: false });
      return;
    }
  }
  if (details.prompt.name === "consent") {
    // The campus has approved the app for everyone: consent is given without asking.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  res.writeHead(400, { "content-type": "text/plain" });
  res.end(`unexpected prompt ${details.prompt.name}`);
}

const handle = provider.callback();
createServer(async (req, res) => {
  const match = /^\/interaction\/([^/?]+)(?:\/(login))?/.exec(req.url ?? "");
  if (!match) return handle(req, res);
  try {
    await interaction(req, res, match[1], match[2]);
  } catch (err) {
    res.writeHead(400, { "content-type": "text/plain" });
    res.end(`sign-in failed: ${err.message}`);
  }
}).listen(Number(port), "127.0.0.1", () => console.log(`ready ${issuer}`));
