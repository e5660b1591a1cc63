// The tests' campus OpenID Provider (oidc-idp.mjs), as serve.sh configures the servers for it.
export const IDP_PORT = 3110;
export const OIDC_CLIENT_ID = "mentorship-hub-e2e";
export const OIDC_CLIENT_SECRET = "e2e-client-secret";
