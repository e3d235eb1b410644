// Credentials of a browser page (API.md "Browser pages"): a page may be opened once with ?access_token= (a
// long-lived token) or ?ticket= (a short-lived stream ticket). Either is moved into sessionStorage and taken out
// of the address bar at once, so it does not stay in history, bookmarks or screenshots.

const TokenKey = "df.token";
const TicketKey = "df.ticket";

/** Moves ?access_token= / ?ticket= into sessionStorage and removes them from the address bar. */
export function captureCredentials(): void {
  const url = new URL(location.href);
  let moved = false;
  for (const [name, key] of [["access_token", TokenKey], ["ticket", TicketKey]] as const) {
    const value = url.searchParams.get(name);
    if (value !== null) {
      if (value.length > 0) sessionStorage.setItem(key, value);
      url.searchParams.delete(name);
      moved = true;
    }
  }
  if (moved) history.replaceState(history.state, "", url.pathname + url.search + url.hash);
}

export function token(): string | null {
  return sessionStorage.getItem(TokenKey);
}

export function rememberToken(value: string): void {
  sessionStorage.setItem(TokenKey, value);
}

/** A ticket connects once; it is handed out a single time and then forgotten. */
export function takeTicket(): string | null {
  const value = sessionStorage.getItem(TicketKey);
  if (value !== null) sessionStorage.removeItem(TicketKey);
  return value;
}

export function forgetCredentials(): void {
  sessionStorage.removeItem(TokenKey);
  sessionStorage.removeItem(TicketKey);
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
