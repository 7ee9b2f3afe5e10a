import { peekCalledRoutes } from "@kit/api";

/**
 * The routes Peek may call on the app, from the table the server registers its routes from (a server test proves
 * it serves every one), as a `hasRoute` function for the manifest check.
 */
export function servedRoutes(): { hasRoute: (method: "POST", path: string) => boolean } {
  const routes = peekCalledRoutes();
  const normalise = (path: string) => path.replace(/\/+$/, "") || "/";
  return { hasRoute: (method, path) => routes.some((route) => route.method === method && route.path === normalise(path)) };
}
