// What the SDK checks share: the official server client of the sandbox's
// default project, and an SDK error as the checks report it.
import { PipedreamClient, PipedreamError } from "@pipedream/sdk";

// sandboxClient is a client of the sandbox at SANDBOX_URL with its default
// credentials, in development, never retrying; more adds or replaces
// options.
export function sandboxClient(more = {}) {
  return new PipedreamClient({
    baseUrl: process.env.SANDBOX_URL,
    clientId: "sbx_client",
    clientSecret: "sbx_secret",
    projectId: "proj_sandbox",
    projectEnvironment: "development",
    maxRetries: 0,
    ...more,
  });
}

// failure runs fn and reports the error it throws as the SDK reports it.
export async function failure(fn) {
  try {
    await fn();
    return { thrown: false };
  } catch (err) {
    return {
      thrown: true,
      isPipedreamError: err instanceof PipedreamError,
      name: err.constructor.name,
      statusCode: err.statusCode,
      body: err.body,
    };
  }
}
