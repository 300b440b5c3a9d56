import { Agent, interceptors, type Dispatcher } from "undici";

let shared: Dispatcher | undefined;

/** One connection pool for the process, following redirects (the Hub redirects to its CDN). */
export function httpDispatcher(): Dispatcher {
  shared ??= new Agent({ connections: 16 }).compose(interceptors.redirect({ maxRedirections: 5 }));
  return shared;
}
