// Drives the app's MCP endpoint with the official TypeScript SDK over
// streamable HTTP, as an agent would, and prints what it saw as JSON
// lines on stdout. It asks the Go test (agentcheck's http_test.go) to
// follow a Connect Link by printing {"step":"link","url"} and waits for a
// line on stdin once the person has connected the app.
//
// Environment: MCP_URL, MCP_KEY (a key of the person's), REVOKED_KEY (a
// key they revoked), OTHER_KEY (another person's key).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { createInterface } from "node:readline";
import Ajv from "ajv";

const { MCP_URL, MCP_KEY, REVOKED_KEY, OTHER_KEY } = process.env;
const out = (v) => process.stdout.write(JSON.stringify(v) + "\n");
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function connect(key, query = "") {
  const changes = [];
  const client = new Client({ name: "agentcheck-ts", version: "1.0.0" });
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => { changes.push(Date.now()); });
  const headers = key ? { Authorization: `Bearer ${key}` } : {};
  const transport = new StreamableHTTPClientTransport(new URL(MCP_URL + query), { requestInit: { headers } });
  await client.connect(transport);
  return { client, changes };
}

// refused is the HTTP status a connection with key got, or 0 when it worked.
async function refused(key) {
  try {
    const { client } = await connect(key);
    await client.close();
    return 0;
  } catch (e) {
    return e instanceof StreamableHTTPError ? e.code : -1;
  }
}

const text = (res) => res.content.filter((c) => c.type === "text").map((c) => c.text).join("");

async function firstOption(client, action, prop, extra = {}) {
  const res = await client.callTool({ name: "configure_prop", arguments: { action, prop, ...extra } });
  if (res.isError) throw new Error(`configure_prop ${action} ${prop}: ${text(res)}`);
  return res.structuredContent;
}

async function waitFor(cond, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

const r = {};
const { client, changes } = await connect(MCP_KEY);
r.serverName = client.getServerVersion()?.name;
r.protocolToolsListChanged = client.getServerCapabilities()?.tools?.listChanged === true;

// The tools: the person's apps' actions, each with a schema Ajv compiles.
const { tools } = await client.listTools();
r.tools = tools.map((t) => t.name).sort();
const ajv = new Ajv({ strict: false });
r.invalidSchemas = [];
for (const t of tools) {
  try { ajv.compile(t.inputSchema); } catch (e) { r.invalidSchemas.push(`${t.name}: ${e.message}`); }
}
const send = tools.find((t) => t.name === "slack-send-message");
r.sendTool = send && { title: send.title, description: send.description, annotations: send.annotations, inputSchema: send.inputSchema };

// Channels: remote options, searched and paged.
const page0 = await firstOption(client, "slack-send-message", "channel");
const page1 = await firstOption(client, "slack-send-message", "channel", { page: 1, context: page0.context });
r.channelPages = [page0.options.length, page1.options.length];
r.pagesDiffer = page0.options[0]?.value !== page1.options[0]?.value;
const general = await firstOption(client, "slack-send-message", "channel", { query: "general" });
r.searchLabels = general.options.map((o) => o.label);
const channel = (general.options[0] ?? page0.options[0]).value;

// Send, then read back.
r.sentText = `hello from the TypeScript SDK ${Date.now()}`;
const sent = await client.callTool({ name: "slack-send-message", arguments: { channel, text: r.sentText } });
r.send = { isError: !!sent.isError, text: text(sent), structured: sent.structuredContent };
const listed = await client.callTool({ name: "slack-list-messages", arguments: { channel, limit: 3 } });
r.list = { isError: !!listed.isError, structured: listed.structuredContent };

// A run that fails, and a value out of range.
const bad = await client.callTool({ name: "slack-send-message", arguments: { channel: "C_NO_SUCH_CHANNEL", text: "x" } });
r.failed = { isError: !!bad.isError, text: text(bad) };
const range = await client.callTool({ name: "slack-list-messages", arguments: { channel, limit: 5000 } });
r.outOfRange = { isError: !!range.isError, text: text(range) };

// GitHub, named in the URL but not connected: a Connect Link.
const gh = await connect(MCP_KEY, "?app=github");
r.githubTools = (await gh.client.listTools()).tools.map((t) => t.name).filter((n) => n.startsWith("github-")).sort();
const before = await gh.client.callTool({ name: "github-create-issue", arguments: { repo: "x", title: "From the TypeScript SDK" } });
r.linkAnswer = { isError: !!before.isError, text: text(before), structured: before.structuredContent };
r.changesBefore = changes.length + gh.changes.length; // none: the tools came loaded
out({ step: "link", url: before.structuredContent?.connect_link_url });
await lines.next(); // the person followed the link
r.changedNamed = await waitFor(() => gh.changes.length > 0, 20000);
r.changedPlain = await waitFor(() => changes.length > 0, 20000);
r.toolsAfter = (await client.listTools()).tools.map((t) => t.name).filter((n) => n.startsWith("github-")).sort();
const repos = await firstOption(gh.client, "github-create-issue", "repo");
const after = await gh.client.callTool({ name: "github-create-issue", arguments: { repo: repos.options[0].value, title: "From the TypeScript SDK" } });
r.afterConnect = { isError: !!after.isError, text: text(after), structured: after.structuredContent };

// Refusals.
r.noKey = await refused("");
r.wrongKey = await refused("pdmcp_not-a-key");
r.revokedKey = await refused(REVOKED_KEY);
const other = await connect(OTHER_KEY);
r.otherTools = (await other.client.listTools()).tools.map((t) => t.name).sort();

await other.client.close();
await gh.client.close();
await client.close();
out({ step: "done", result: r });
process.exit(0);
