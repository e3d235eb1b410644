// /login: asks for a token, proves it (POST /login, which also sets the page session cookie), keeps it for the page
// scripts and goes back where the user came from; without a returnUrl, to the page that suits the role.
import "./login.css";
import { captureCredentials, forgetCredentials, rememberToken, token } from "../shared/auth";

captureCredentials();

const form = document.querySelector<HTMLFormElement>("[data-role=login-form]")!;
const input = form.querySelector<HTMLInputElement>("#token")!;
const error = form.querySelector<HTMLElement>("[data-role=login-error]")!;

form.addEventListener("submit", (event) => {
  event.preventDefault();
  void signIn(input.value.trim());
});

// Opened as /login?access_token=...: sign in at once.
const given = token();
if (given) {
  input.value = given;
  void signIn(given);
} else {
  input.focus();
}

async function signIn(value: string): Promise<void> {
  error.hidden = true;
  if (value.length === 0) return fail("Enter your access token.");
  const headers = { Authorization: "Bearer " + value };
  const response = await fetch("/login", { method: "POST", headers, credentials: "same-origin" });
  if (response.status === 401) {
    forgetCredentials();
    return fail("That token is not valid.");
  }
  if (!response.ok) return fail(`Sign-in failed (HTTP ${response.status}). Try again in a moment.`);
  rememberToken(value);
  location.assign(await destination(headers));
}

async function destination(headers: Record<string, string>): Promise<string> {
  // The server checked it is a path on this site (PageSession.SafeReturnUrl); anything else was dropped.
  const returnUrl = document.body.dataset["returnUrl"];
  if (returnUrl) return returnUrl;
  const me = await fetch("/api/me", { headers }).then((r) => (r.ok ? r.json() : null)).catch(() => null) as { role?: string } | null;
  if (me?.role === "admin" || me?.role === "optimizer") return "/admin";
  const mine = await fetch("/api/cockpits?limit=1", { headers }).then((r) => (r.ok ? r.json() : null)).catch(() => null) as { items?: { id: string }[] } | null;
  const first = mine?.items?.[0]?.id;
  return first ? `/cockpits/${encodeURIComponent(first)}` : "/";
}

function fail(message: string): void {
  error.textContent = message;
  error.hidden = false;
  input.focus();
}
