// Runs the official @pipedream/sdk server client's trigger and workflow
// calls against the sandbox and prints one JSON object with what it saw,
// for triggers_sdk_test.go to check. It also receives the deployed
// triggers' events on a local server and verifies their signatures with
// node:crypto, as pipedream's package doc describes the scheme.
// Environment: SANDBOX_URL, SDK_USER (a user with a github account
// connected), SDK_ACCOUNT (that account's id), WORKFLOW_DOMAIN.
import http from "node:http";
import crypto from "node:crypto";
import { failure, sandboxClient } from "./common.mjs";

const baseUrl = process.env.SANDBOX_URL;
const user = process.env.SDK_USER;
const client = sandboxClient({ workflowDomain: process.env.WORKFLOW_DOMAIN });
const out = {};

// A webhook receiver: verifies each delivery with the keys it knows.
const keys = {};
const received = [];
let arrived;
const firstEvent = new Promise((resolve) => (arrived = resolve));
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const ev = JSON.parse(body.toString("utf8"));
    const key = keys[ev.deployed_trigger_id];
    if (!key) {
      res.writeHead(503).end(); // not told the key yet: the sandbox retries
      return;
    }
    const id = req.headers["x-pd-event-id"];
    const ts = req.headers["x-pd-timestamp"];
    const mac = crypto.createHmac("sha256", key).update(`${id}.${ts}.`).update(body).digest("hex");
    const ok = (req.headers["x-pd-signature"] || "").split(" ").includes(`v1=${mac}`);
    received.push({ id: ev.id, trigger: ev.deployed_trigger_id, verified: ok, fresh: Math.abs(Date.now() / 1000 - Number(ts)) < 300 });
    res.writeHead(ok ? 200 : 400).end();
    arrived();
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const hookUrl = `http://127.0.0.1:${server.address().port}/events`;

const deployed = await client.triggers.deploy({
  id: "github-new-issue",
  externalUserId: user,
  configuredProps: { github: { authProvisionId: process.env.SDK_ACCOUNT }, repo: "octo/app" },
  webhookUrl: hookUrl,
});
const gh = deployed.data;
keys[gh.id] = gh.webhookSigningKey;
out.deployed = { id: gh.id, type: gh.type, componentKey: gh.componentKey, active: gh.active, hasKey: !!gh.webhookSigningKey, props: gh.configurableProps.map((p) => p.name) };

const timer = (await client.triggers.deploy({
  id: "schedule-every-n-seconds",
  externalUserId: user,
  configuredProps: { interval: 3600 },
  webhookUrl: hookUrl,
  emitOnDeploy: true,
})).data;
keys[timer.id] = timer.webhookSigningKey;
await firstEvent;

out.listed = [];
for await (const t of await client.deployedTriggers.list({ externalUserId: user, limit: 1 })) {
  out.listed.push(t.id);
}
out.retrieved = (await client.deployedTriggers.retrieve(gh.id, { externalUserId: user })).data.id;
out.otherUser = await failure(() => client.deployedTriggers.retrieve(gh.id, { externalUserId: "someone-else" }));
const paused = (await client.deployedTriggers.update(gh.id, { externalUserId: user, active: false, name: "Paused issues" })).data;
out.paused = { active: paused.active, name: paused.name };
const events = (await client.deployedTriggers.listEvents(timer.id, { externalUserId: user, n: 5 })).data;
out.events = events.map((e) => ({ id: e.id, k: e.k, ts: e.ts, hasE: typeof e.e === "object", sum: e.sum }));

const hooks = await client.deployedTriggers.listWebhooks(gh.id, { externalUserId: user });
out.webhooks = { urls: hooks.webhookUrls, keySet: hooks.webhooks?.[0]?.signingKeySet };
const updated = await client.deployedTriggers.updateWebhooks(gh.id, { externalUserId: user, webhookUrls: [hookUrl, hookUrl + "/2"] });
out.updatedWebhooks = updated.webhookUrls;
const second = updated.webhooks[1];
const one = (await client.deployedTriggers.retrieveWebhook(gh.id, second.id, { externalUserId: user })).data;
const regen = (await client.deployedTriggers.regenerateWebhookSigningKey(gh.id, second.id, { externalUserId: user })).data;
out.regenerated = { sameID: one.id === regen.id, changed: one.signingKey !== regen.signingKey && !!regen.signingKey };
out.workflows = (await client.deployedTriggers.updateWorkflows(gh.id, { externalUserId: user, workflowIds: ["p_sdk1"] })).workflowIds;
out.workflowsListed = (await client.deployedTriggers.listWorkflows(gh.id, { externalUserId: user })).workflowIds;

await client.deployedTriggers.delete(timer.id, { externalUserId: user });
out.afterDelete = await failure(() => client.deployedTriggers.retrieve(timer.id, { externalUserId: user }));
out.received = received;

const wf = await client.workflows.invokeForExternalUser({
  urlOrEndpoint: `${baseUrl}/workflows/en-echo`,
  externalUserId: user,
  body: { hello: "workflow" },
});
// The SDK answers the raw response's status and headers, not its body.
out.workflow = { status: wf.status, type: wf.headers.get("content-type") };
// A workflow that runs an action as the user: its effect is checked in Go.
const sent = await client.workflows.invokeForExternalUser({
  urlOrEndpoint: `${baseUrl}/workflows/en-run-action`,
  externalUserId: user,
  body: { id: "slack-send-message", configured_props: { channel: "general", text: "sent by a workflow from node" } },
});
out.workflowRun = { status: sent.status };
out.workflowMissing = await failure(() =>
  client.workflows.invokeForExternalUser({ urlOrEndpoint: `${baseUrl}/workflows/en-missing`, externalUserId: user }),
);
out.workflowForeign = await failure(() =>
  client.workflows.invokeForExternalUser({ urlOrEndpoint: "https://evil.example/workflows/en-echo", externalUserId: user }),
);

server.close();
process.stdout.write(JSON.stringify(out));
