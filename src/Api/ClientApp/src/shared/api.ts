// The REST calls of the pages: bearer token from sessionStorage, ProblemDetails turned into readable errors,
// a 401 anywhere sends the user to /login.
import { redirectToLogin, token } from "./auth";

/** An RFC 9457 problem answer, with the fields a page shows. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | null,
    readonly errors: Record<string, string[]> | null,
  ) {
    super(detail ? `${title} ${detail}` : title);
    this.name = "ApiError";
  }
}

export interface ApiResponse<T> {
  body: T;
  etag: string | null;
  status: number;
}

export async function api<T>(method: string, path: string, init: { body?: unknown; contentType?: string; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: "application/json", ...init.headers };
  const bearer = token();
  if (bearer) headers["Authorization"] = "Bearer " + bearer;
  let body: BodyInit | undefined;
  if (init.body !== undefined) {
    headers["Content-Type"] = init.contentType ?? "application/json";
    body = JSON.stringify(init.body);
  }

  // Without a token in this tab the page session cookie still authenticates page GETs, not API calls.
  const response = await fetch(path, { method, headers, body, signal: init.signal, credentials: "same-origin", cache: "no-store" });
  if (response.status === 401) redirectToLogin();
  const text = await response.text();
  const parsed = text.length > 0 && (response.headers.get("Content-Type") ?? "").includes("json") ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      (parsed && typeof parsed.title === "string" && parsed.title) || response.statusText || `HTTP ${response.status}`,
      parsed && typeof parsed.detail === "string" ? parsed.detail : null,
      parsed && typeof parsed.errors === "object" ? parsed.errors : null,
    );
  }
  return { body: parsed as T, etag: response.headers.get("ETag"), status: response.status };
}

export const get = <T>(path: string, signal?: AbortSignal) => api<T>("GET", path, signal ? { signal } : {});
