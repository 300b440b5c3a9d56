export { cacheRoot } from "./cache-dir.js";
export {
  fsyncDirectory,
  fsyncFile,
  removeQuietly,
  replaceAtomically,
  resolvedTarget,
  temporaryPathBeside,
  writeAtomically,
  WriteError,
  writeNew,
  writeNewFileSynced,
} from "./write-atomically.js";
export { hubEndpoint, hubHeaders } from "./net/hub-endpoint.js";
export {
  headResource,
  httpGet,
  HttpStreamError,
  httpRetryPolicy,
  openHttpStream,
  setHttpWaitReporter,
  stallGuarded,
  type HttpStream,
  type HttpStreamOptions,
} from "./net/http-stream.js";
export { checkHubIds, HubIdError, parseHubId } from "./net/hub-id.js";
export { redactCredentials, redactJson } from "./net/redact.js";
export { systemErrorText, systemErrorWords } from "./system-error-text.js";
