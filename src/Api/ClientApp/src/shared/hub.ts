// The SignalR connection of a page: reconnects forever with backoff and jitter, reports its state, and tells
// the page when it came back so the page can re-join and re-subscribe (server-side groups do not survive a
// reconnect: it is a new connection).
import { HubConnection, HubConnectionBuilder, HubConnectionState, HttpTransportType, IRetryPolicy, LogLevel, RetryContext } from "@microsoft/signalr";
import { redirectToLogin, token } from "./auth";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "disconnected";

/** 0, 1, 2, 5, 10 s, then every 10-15 s, for ever: an operator's screen must come back by itself. */
export const retryPolicy: IRetryPolicy = {
  nextRetryDelayInMilliseconds(context: RetryContext): number {
    const steps = [0, 1000, 2000, 5000, 10000];
    const base = steps[Math.min(context.previousRetryCount, steps.length - 1)]!;
    return base === 0 ? 0 : base + Math.floor(Math.random() * Math.min(5000, base / 2));
  },
};

export interface LiveConnection {
  readonly connection: HubConnection;
  /** Starts, retrying until it succeeds; resolves once connected. */
  start(): Promise<void>;
}

export function liveConnection(path: string, handlers: { state(state: ConnectionState): void; reconnected(): void }): LiveConnection {
  const connection = new HubConnectionBuilder()
    .withUrl(path, {
      // The token when the page has one; a page opened with a ticket connects with its cookie (same origin).
      accessTokenFactory: () => token() ?? "",
      transport: HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling,
    })
    .withAutomaticReconnect(retryPolicy)
    .configureLogging(LogLevel.None)
    .build();

  connection.onreconnecting(() => handlers.state("reconnecting"));
  connection.onreconnected(() => {
    handlers.state("connected");
    handlers.reconnected();
  });
  // Automatic reconnect gives up only when the server refuses; keep trying as on the first start.
  connection.onclose(() => {
    handlers.state("disconnected");
    void startWithRetry(true);
  });

  let attempt = 0;
  async function startWithRetry(afterDrop: boolean): Promise<void> {
    for (;;) {
      if (connection.state !== HubConnectionState.Disconnected) return;
      handlers.state(afterDrop ? "reconnecting" : "connecting");
      try {
        await connection.start();
        attempt = 0;
        handlers.state("connected");
        if (afterDrop) handlers.reconnected();
        return;
      } catch (error) {
        if (isUnauthorized(error)) redirectToLogin();
        handlers.state("disconnected");
        const delay = retryPolicy.nextRetryDelayInMilliseconds({ previousRetryCount: ++attempt, elapsedMilliseconds: 0, retryReason: error as Error }) ?? 10000;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  return { connection, start: () => startWithRetry(false) };
}

function isUnauthorized(error: unknown): boolean {
  const status = (error as { statusCode?: number } | null)?.statusCode;
  return status === 401;
}
