// Who is signed in, and where the console sends them: admins and optimizers stay, operators go to their cockpit.
import { get } from "../shared/api";
import { captureCredentials, forgetCredentials, redirectToLogin, token } from "../shared/auth";
import { $, h } from "../shared/dom";
import { Me } from "./model";

/** The signed-in user of a console page, or null when the page is navigating away (to /login or a cockpit). */
export async function signedIn(options: { adminOnly: boolean }): Promise<Me | null> {
  captureCredentials();
  if (!token()) redirectToLogin();
  const { body: me } = await get<Me>("/api/me");
  document.body.dataset["role"] = me.role;
  if (me.role === "operator") {
    const { body: mine } = await get<{ items: { id: string }[] }>("/api/cockpits?limit=1");
    const first = mine.items[0]?.id;
    location.replace(first ? `/cockpits/${encodeURIComponent(first)}` : "/");
    return null;
  }
  if (options.adminOnly && me.role !== "admin") {
    location.replace("/admin");
    return null;
  }
  showWho(me);
  return me;
}

function showWho(me: Me): void {
  const who = $("[data-role=who]");
  if (!who) return;
  const signOut = h("button", { type: "button", className: "quiet", "data-role": "sign-out", text: "Sign out" });
  signOut.addEventListener("click", async () => {
    await fetch("/logout", { method: "POST", credentials: "same-origin" }).catch(() => undefined);
    forgetCredentials();
    location.assign("/login");
  });
  who.replaceChildren(h("span", { text: `${me.name} (${me.role}, ${me.xp} XP)` }), signOut);
  if (me.role !== "admin") $("[data-role=ops-link]")?.remove();
}
