// KPI subscriptions of one page over its hub connection: reference-counted per (code, period), so two widgets on
// the same KPI cost one SubscribeKpi; re-subscribed after every reconnect; values dispatched to their listeners.
import { HubConnection, HubConnectionState } from "@microsoft/signalr";
import { KpiValue, Period, streamKey } from "./model";

type Listener = (value: KpiValue) => void;

export class KpiFeed {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly connection: HubConnection, private readonly onError: (message: string) => void) {
    connection.on("kpiValue", (value: KpiValue) => this.dispatch(value));
  }

  /** Listens to (code, period) from now on; the current value arrives as the first call. Returns the unwatch. */
  watch(code: string, period: Period, listener: Listener): () => void {
    const key = streamKey(code, period);
    let set = this.listeners.get(key);
    const first = set === undefined;
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    if (first) void this.subscribe(code, period);
    return () => {
      const current = this.listeners.get(key);
      if (!current || !current.delete(listener) || current.size > 0) return;
      this.listeners.delete(key);
      if (this.connected) {
        this.connection.invoke("UnsubscribeKpi", code, period).catch(() => undefined);
      }
    };
  }

  /** After a (re)connect: the server forgot this connection's subscriptions with the old connection. */
  async subscribeAll(): Promise<void> {
    await Promise.all([...this.listeners.keys()].map((key) => {
      const at = key.lastIndexOf(":");
      return this.subscribe(key.slice(0, at), key.slice(at + 1) as Period);
    }));
  }

  get keys(): string[] {
    return [...this.listeners.keys()];
  }

  private get connected(): boolean {
    return this.connection.state === HubConnectionState.Connected;
  }

  private async subscribe(code: string, period: Period): Promise<void> {
    if (!this.connected) return; // subscribeAll runs once connected
    try {
      const current = await this.connection.invoke<KpiValue | null>("SubscribeKpi", code, period);
      if (current) this.dispatch(current);
    } catch (error) {
      this.onError(`Live values of ${code} are not available: ${(error as Error).message.replace(/^.*HubException: /, "")}`);
    }
  }

  private dispatch(value: KpiValue): void {
    for (const listener of this.listeners.get(streamKey(value.code, value.period)) ?? []) listener(value);
  }
}
