// Credentials of a browser page (API.md "Browser pages"): a page may be opened once with ?access_token= (a
// long-lived token) or ?ticket= (a short-lived stream ticket). Both are taken out of the address bar at once, so
// they do not stay in history, bookmarks or screenshots. The token moves into sessionStorage for the page's calls;
// the ticket was used up by the page's own request, which left an HttpOnly cookie scoped to this cockpit for its
// reads and its hub connection instead (docs/API.md, "ticket sessions"), so the script never holds it.

const TokenKey = "df.token";

/** Moves ?access_token= into sessionStorage, drops ?ticket=, and removes both from the address bar. */
export function captureCredentials(): void {
  const url = new URL(location.href);
  let moved = false;
  const value = url.searchParams.get("access_token");
  if (value !== null) {
    if (value.length > 0) sessionStorage.setItem(TokenKey, value);
    url.searchParams.delete("access_token");
    moved = true;
  }
  if (url.searchParams.has("ticket")) {
    url.searchParams.delete("ticket");
    moved = true;
  }
  if (moved) history.replaceState(history.state, "", url.pathname + url.search + url.hash);
}

export function token(): string | null {
  return sessionStorage.getItem(TokenKey);
}

export function rememberToken(value: string): void {
  sessionStorage.setItem(TokenKey, value);
}

export function forgetCredentials(): void {
  sessionStorage.removeItem(TokenKey);
}

/** Where a 401 sends the user: /login, and back to this page afterwards. */
export function redirectToLogin(): never {
  forgetCredentials();
  location.assign("/login?returnUrl=" + encodeURIComponent(location.pathname + location.search));
  throw new SignedOut();
}

/** Thrown after the page started navigating to /login, to stop whatever was running. */
export class SignedOut extends Error {
  constructor() {
    super("Signed out: going to /login.");
    this.name = "SignedOut";
  }
}
