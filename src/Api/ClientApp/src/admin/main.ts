// /admin, the console: features with their tally, votes, releases (preview before approve), history and rollback;
// for admins also the running and recent campaigns, live. Optimizers see the features; operators are sent to their cockpit.
import "./admin.css";
import { SignedOut } from "../shared/auth";
import { $ } from "../shared/dom";
import { liveConnection } from "../shared/hub";
import { CampaignBoard } from "./campaigns";
import { FeatureList } from "./features";
import { AlertMessage } from "./model";
import { ConsoleNotices } from "./notices";
import { RollbackDialog } from "./rollback";
import { signedIn } from "./session";

const notices = new ConsoleNotices();

void start().catch((error) => {
  if (!(error instanceof SignedOut)) notices.problem(`The console could not start: ${(error as Error).message}`);
});

async function start(): Promise<void> {
  const me = await signedIn({ adminOnly: false });
  if (!me) return;
  const isAdmin = me.role === "admin";
  const campaigns = isAdmin ? new CampaignBoard($("[data-role=campaigns]")!, true, notices) : null;
  const features = new FeatureList($("[data-role=features]")!, {
    me,
    notices,
    rollbacks: new RollbackDialog(notices),
    campaignStarted: (id) => void campaigns?.watch(id),
  });
  if (campaigns) $("[data-role=campaigns-section]")!.hidden = false;

  await Promise.all([features.refresh(), campaigns?.refreshList()]);
  document.body.dataset["ready"] = "true";

  // Progress at least once a second while a campaign runs; new campaigns within 5 s, features within 15 s, both at once on an admin alert.
  if (campaigns) window.setInterval(() => void campaigns.tick().catch(ignore), 1000);
  if (campaigns) window.setInterval(() => void campaigns.refreshList().catch(ignore), 5000);
  window.setInterval(() => void features.refresh().catch(ignore), 15_000);
  if (isAdmin) {
    const live = liveConnection("/hubs/cockpit", {
      state: (state) => { document.body.dataset["connection"] = state; },
      reconnected: () => void Promise.all([features.refresh(), campaigns?.refreshList()]).catch(ignore),
    });
    live.connection.on("alert", (alert: AlertMessage) => {
      if (alert.featureId) void Promise.all([features.refresh(), campaigns?.refreshList()]).catch(ignore);
    });
    void live.start();
  }
}

function ignore(error: unknown): void {
  if (!(error instanceof SignedOut)) console.warn(error);
}
