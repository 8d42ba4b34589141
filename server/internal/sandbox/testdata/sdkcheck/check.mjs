// Runs the official @pipedream/sdk server client against the sandbox and
// prints one JSON object with what it saw, for sdk_test.go to check.
// Environment: SANDBOX_URL, SDK_USER (a user with a slack account already
// connected; the script connects an openai account with accounts.create).
import { failure, sandboxClient } from "./common.mjs";

const user = process.env.SDK_USER;
const client = sandboxClient();
const out = {};

const token = await client.tokens.create({
  externalUserId: user,
  allowedOrigins: ["http://localhost:3000"],
  successRedirectUri: "http://localhost:3000/ok",
  webhookUri: "http://127.0.0.1:9/hook",
  expiresIn: 600,
});
out.token = {
  token: token.token,
  expiresAt: token.expiresAt instanceof Date ? token.expiresAt.toISOString() : String(token.expiresAt),
  connectLinkUrl: token.connectLinkUrl,
};

const v = await client.tokens.validate(token.token, { appId: "slack" });
out.validation = { success: v.success, app: v.app?.nameSlug, projectId: v.projectId, environment: v.projectEnvironment };
const bad = await client.tokens.validate("ctok_unknown", { appId: "slack" });
out.badValidation = { success: bad.success, error: bad.error };

// A keys app account, connected with a second token.
const second = await client.tokens.create({ externalUserId: user });
const created = await client.accounts.create({
  externalUserId: user,
  appSlug: "openai",
  cfmapJson: JSON.stringify({ api_key: "sk-sdkcheck1234" }),
  connectToken: second.token,
});
out.created = { id: created.id, app: created.app?.nameSlug, hasCredentials: created.credentials !== undefined };
out.reuseSpent = await failure(() =>
  client.accounts.create({ appSlug: "openai", cfmapJson: "{}", connectToken: second.token }),
);

// Accounts, one per page: the SDK follows end_cursor.
const pager = await client.accounts.list({ externalUserId: user, limit: 1 });
out.accounts = [];
for await (const a of pager) {
  out.accounts.push({ id: a.id, app: a.app?.nameSlug, hasCredentials: a.credentials !== undefined, healthy: a.healthy });
}
const openai = out.accounts.find((a) => a.app === "openai");
const withCreds = await client.accounts.retrieve(openai.id, { includeCredentials: true });
out.credentials = withCreds.credentials;
const withoutCreds = await client.accounts.retrieve(openai.id);
out.retrievedWithoutCredentials = withoutCreds.credentials === undefined && withoutCreds.id === openai.id;

// Apps: search, pages of 2, retrieve.
const apps = await client.apps.list({ q: "google", limit: 2, sortKey: "name_slug", sortDirection: "asc" });
out.apps = [];
for await (const a of apps) {
  out.apps.push(a.nameSlug);
}
const slack = await client.apps.retrieve("slack");
out.slack = { id: slack.data.id, nameSlug: slack.data.nameSlug, imgSrc: slack.data.imgSrc, scopeProfiles: slack.data.scopeProfiles.length };

out.missingAccount = await failure(() => client.accounts.retrieve("apn_missing"));
const slackAccount = out.accounts.find((a) => a.app === "slack");

// Users: all of them one per page, and a search.
out.users = [];
for await (const u of await client.users.list({ limit: 1 })) {
  out.users.push({ id: u.id, externalId: u.externalId });
}
out.usersFound = (await client.users.list({ q: "SOME" })).data.map((u) => u.externalId);

// The Connect proxy, as the user with the slack account; the sandbox
// answers as the provider, echoing what it got.
const as = { externalUserId: user, accountId: slackAccount.id };
const api = "https://slack.com/api/";
out.proxy = {
  get: await client.proxy.get({ ...as, url: api + "users.list", params: { limit: "2" }, headers: { "X-Trace": "sdk" } }),
  post: await client.proxy.post({ ...as, url: api + "chat.meMessage", body: { channel: "C1", text: "hi" } }),
  put: await client.proxy.put({ ...as, url: api + "things/1", body: { n: 1 } }),
  patch: await client.proxy.patch({ ...as, url: api + "things/1", body: { n: 2 } }),
  delete: await client.proxy.delete({ ...as, url: api + "things/1" }),
};
out.proxyForeign = await failure(() => client.proxy.get({ ...as, url: "https://example.com/steal" }));
out.proxyOtherUser = await failure(() => client.proxy.get({ ...as, externalUserId: "someone-else", url: api + "auth.test" }));
// The sandbox runs this check with a proxy limit of 10 requests.
out.proxyLimited = { after: 0 };
for (let i = 0; i < 20; i++) {
  const f = await failure(() => client.proxy.get({ ...as, url: api + "auth.test" }, { maxRetries: 0 }));
  if (f.thrown) {
    out.proxyLimited = { ...f, after: i, tooMany: f.name === "TooManyRequestsError" };
    break;
  }
}
await client.accounts.delete(slackAccount.id);
out.afterDelete = (await client.accounts.list({ externalUserId: user })).data.map((a) => a.id);
await client.users.deleteExternalUser(user);
out.afterUserDelete = (await client.accounts.list({ externalUserId: user })).data.length;

const wrong = sandboxClient({ clientSecret: "wrong" });
out.wrongSecret = await failure(() => wrong.apps.list({ limit: 1 }));

console.log(JSON.stringify(out));
