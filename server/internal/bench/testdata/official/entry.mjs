// The official browser client, as a web page bundles it.
export { createFrontendClient } from "@pipedream/sdk/browser";
