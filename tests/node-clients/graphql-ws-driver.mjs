// A GraphQL-over-WebSocket client that the integration tests drive line by line.
//
//   node graphql-ws-driver.mjs <ws-url>
//
// Reads one JSON command per line on stdin and prints one JSON event per line on stdout, so a test can
// act, then wait for exactly the event it expects. Two kinds of connection:
//   - "client": the reference client, graphql-ws's createClient over ws (how customers connect);
//   - "raw": a bare ws socket, for messages the reference client would never send (protocol violations).
//
// Commands                                         Events
//   {cmd:"connect", token}                          {event:"connected"} | {event:"closed", code, reason}
//   {cmd:"subscribe", id, query, variables?}        {event:"next", id, payload} | {event:"error", id, errors}
//                                                   | {event:"complete", id}
//   {cmd:"complete", id}                            (the client sends complete; no event)
//   {cmd:"drop"}                                    the socket is destroyed without a close frame
//   {cmd:"raw"}                                     {event:"open"} then {event:"message", data} ... {event:"closed", code, reason}
//   {cmd:"send", text}                              (raw text on the raw socket)
//   {cmd:"exit"}                                    {event:"exited"}
import { createInterface } from 'node:readline';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const url = process.argv[2];
if (!url) {
  console.error('usage: node graphql-ws-driver.mjs <ws-url>');
  process.exit(2);
}

const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');

let client;
let clientSocket;
let raw;
const unsubscribes = new Map();

function connect(token) {
  client = createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: token === undefined ? undefined : { token },
    on: {
      connected: (socket) => {
        clientSocket = socket;
        emit({ event: 'connected' });
      },
      closed: (e) => emit({ event: 'closed', code: e?.code ?? null, reason: e?.reason ?? null }),
    },
    onNonLazyError: () => {},
  });
}

function subscribe(id, query, variables) {
  const unsubscribe = client.subscribe(
    { query, variables },
    {
      next: (payload) => emit({ event: 'next', id, payload, receivedAt: new Date().toISOString() }),
      error: (errors) => emit({ event: 'error', id, errors: Array.isArray(errors) ? errors : { message: String(errors?.message ?? errors), code: errors?.code ?? null } }),
      complete: () => emit({ event: 'complete', id }),
    },
  );
  unsubscribes.set(id, unsubscribe);
}

function openRaw() {
  raw = new WebSocket(url, 'graphql-transport-ws');
  raw.on('open', () => emit({ event: 'open', protocol: raw.protocol }));
  raw.on('message', (data) => emit({ event: 'message', data: JSON.parse(data.toString()) }));
  raw.on('close', (code, reason) => emit({ event: 'closed', code, reason: reason.toString() }));
  raw.on('error', (error) => emit({ event: 'socketError', message: error.message }));
}

const lines = createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  if (!line.trim()) return;
  const command = JSON.parse(line);
  switch (command.cmd) {
    case 'connect': connect(command.token); break;
    case 'subscribe': subscribe(command.id, command.query, command.variables); break;
    case 'complete': unsubscribes.get(command.id)?.(); unsubscribes.delete(command.id); break;
    case 'drop': (clientSocket ?? raw)?.terminate(); break;
    case 'raw': openRaw(); break;
    case 'send': raw.send(command.text); break;
    case 'exit':
      await client?.dispose();
      raw?.terminate();
      emit({ event: 'exited' });
      process.exit(0);
      break;
    default: emit({ event: 'unknownCommand', cmd: command.cmd });
  }
});
lines.on('close', () => process.exit(0));
