// The official browser client, as a web page bundles it (ConnectError is
// what its onError receives).
export { createFrontendClient, ConnectError } from "@pipedream/sdk/browser";
