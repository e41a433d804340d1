/**
 * Who may see the pages that can read every topic. On a loopback address
 * only this machine can connect, so no check is made; on any other address
 * the message browser, the groups and dead-letter pages and their APIs need
 * `DASHBOARD_TOKEN`, as a bearer token or as the cookie `?token=` sets.
 */
import { timingSafeEqual } from "node:crypto";

export interface AccessPolicy {
  /** The address the dashboard listens on. */
  host: string;
  /** `DASHBOARD_TOKEN`; without one a non-loopback dashboard refuses these pages. */
  token?: string;
}

export const TOKEN_COOKIE = "dashboard_token";

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

function sameToken(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

/**
 * Null when `req` may see a protected page; else the response to send: 403
 * when no token is configured, 401 for a missing or wrong token, or a 303 to
 * the same URL without `?token=` that sets the cookie (so the token leaves
 * the address bar and the history).
 */
export function checkAccess(
  req: Request,
  policy: AccessPolicy,
): Response | null {
  if (isLoopback(policy.host)) return null;
  const { token } = policy;
  if (!token) {
    return new Response(
      "Forbidden: this dashboard listens on a non-loopback address; set DASHBOARD_TOKEN to open the pages that read topics",
      { status: 403 },
    );
  }
  const url = new URL(req.url);
  const fromQuery = url.searchParams.get("token");
  if (fromQuery !== null && sameToken(fromQuery, token)) {
    url.searchParams.delete("token");
    return new Response(null, {
      status: 303,
      headers: {
        location: url.pathname + url.search,
        "set-cookie": `${TOKEN_COOKIE}=${
          encodeURIComponent(token)
        }; Path=/; HttpOnly; SameSite=Strict`,
      },
    });
  }
  const bearer = /^Bearer (.+)$/i.exec(req.headers.get("authorization") ?? "")
    ?.[1];
  const given = bearer ?? cookie(req, TOKEN_COOKIE);
  if (given !== undefined && sameToken(given, token)) return null;
  return new Response(
    "Unauthorized: open this page with ?token=<DASHBOARD_TOKEN> or send Authorization: Bearer <DASHBOARD_TOKEN>",
    { status: 401, headers: { "www-authenticate": "Bearer" } },
  );
}
