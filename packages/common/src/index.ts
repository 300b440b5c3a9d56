export { cacheRoot } from "./cache-dir.js";
export { writeAtomically } from "./write-atomically.js";
export { hubEndpoint, hubHeaders } from "./net/hub-endpoint.js";
export {
  headResource,
  httpGet,
  HttpStreamError,
  openHttpStream,
  stallGuarded,
  type HttpStream,
  type HttpStreamOptions,
} from "./net/http-stream.js";
