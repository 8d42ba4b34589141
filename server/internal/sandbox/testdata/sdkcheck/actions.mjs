// Runs the official @pipedream/sdk server client's components calls
// (actions, components) against the sandbox and prints one JSON object
// with what it saw, for sdk_actions_test.go to check.
// Environment: SANDBOX_URL, SDK_USER and the ids of that user's accounts
// SLACK_ACCOUNT and SHEETS_ACCOUNT, and OTHER_ACCOUNT, another user's.
import { failure, sandboxClient } from "./common.mjs";

const client = sandboxClient();
const user = process.env.SDK_USER;
const slack = { authProvisionId: process.env.SLACK_ACCOUNT };
const sheets = { authProvisionId: process.env.SHEETS_ACCOUNT };
const out = {};

// actions.list by app, two to a page, and by query.
out.slackActions = [];
for await (const a of await client.actions.list({ app: "slack", limit: 2 })) out.slackActions.push(a.key);
out.issueActions = (await client.actions.list({ q: "issue" })).data.map((a) => a.key);

const send = await client.actions.retrieve("slack-send-message");
out.retrieved = { key: send.data.key, componentType: send.data.componentType, props: send.data.configurableProps.map((p) => p.name),
  channel: send.data.configurableProps.find((p) => p.name === "channel") };

const comps = await client.components.list({ componentType: "action", limit: 100 });
out.components = { count: comps.data.length, types: [...new Set(comps.data.map((c) => c.componentType))] };

// configureProp: a first page, the second, and a search.
const first = await client.actions.configureProp({ id: "slack-send-message", externalUserId: user, propName: "channel", configuredProps: { slack } });
const second = await client.actions.configureProp({ id: "slack-send-message", externalUserId: user, propName: "channel", configuredProps: { slack }, page: 1, prevContext: first.context });
const search = await client.actions.configureProp({ id: "slack-send-message", externalUserId: user, propName: "channel", configuredProps: { slack }, query: "random" });
out.configure = { first: first.options.length, firstContext: first.context, second: second.options.length, secondContext: second.context ?? null,
  overlap: second.options.some((o) => first.options.some((f) => f.value === o.value)), search: search.options };

// reloadProps: the columns of a sheet become props.
const sheet = (await client.actions.configureProp({ id: "google_sheets-add-single-row", externalUserId: user, propName: "sheetId", configuredProps: { google_sheets: sheets }, query: "Inventory" })).options[0];
const reloaded = await client.actions.reloadProps({ id: "google_sheets-add-single-row", externalUserId: user, configuredProps: { google_sheets: sheets, sheetId: sheet.value } });
out.reload = { id: reloaded.dynamicProps.id, props: reloaded.dynamicProps.configurableProps.map((p) => p.name) };
const added = await client.actions.run({ id: "google_sheets-add-single-row", externalUserId: user, dynamicPropsId: reloaded.dynamicProps.id,
  configuredProps: { google_sheets: sheets, sheetId: sheet.value, SKU: "SKU-009", Item: "Cable", Quantity: "3" } });
out.added = added.exports.$summary;

// run: send a message, then read it back with another action.
const channel = search.options[0];
const sent = await client.actions.run({ id: "slack-send-message", externalUserId: user,
  configuredProps: { slack, channel: { __lv: channel }, text: "Hello from the official SDK" } });
const read = await client.actions.run({ id: "slack-list-messages", externalUserId: user, configuredProps: { slack, channel: channel.value, limit: 5 } });
out.run = { summary: sent.exports.$summary, ts: sent.ret.ts, os: sent.os, newest: read.ret.messages[0] };

// A run that fails says why in its observations.
const failed = await client.actions.run({ id: "slack-send-message", externalUserId: user, configuredProps: { slack, channel: "C_NOPE", text: "x" } });
out.failedRun = { os: failed.os, ret: failed.ret ?? null };

// Refusals.
out.missingProp = await failure(() => client.actions.run({ id: "slack-send-message", externalUserId: user, configuredProps: { slack, channel: channel.value } }));
out.otherAccount = await failure(() => client.actions.run({ id: "slack-send-message", externalUserId: user,
  configuredProps: { slack: { authProvisionId: process.env.OTHER_ACCOUNT }, channel: channel.value, text: "x" } }));
out.outOfRange = await failure(() => client.actions.run({ id: "slack-list-messages", externalUserId: user, configuredProps: { slack, channel: channel.value, limit: 500 } }));
out.unknownAction = await failure(() => client.actions.retrieve("no-such-action"));

process.stdout.write(JSON.stringify(out));
