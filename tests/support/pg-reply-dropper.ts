import net from "node:net";

export type PgReplyDropper = {
  /** The database URL through this relay. */
  url: string;
  /** How many statements ran on the server whose answer the client never got. */
  dropped: () => number;
  close: () => Promise<void>;
};

/**
 * The server's side of the protocol as whole messages (type byte, int32 length that counts
 * itself, body). Without SSL every server message after the start-up has this shape.
 */
function messageReader(onMessage: (type: string, message: Buffer) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 5) {
      const length = pending.readInt32BE(1) + 1;
      if (pending.length < length) return;
      onMessage(String.fromCharCode(pending[0]), pending.subarray(0, length));
      pending = pending.subarray(length);
    }
  };
}

/**
 * A TCP relay in front of PostgreSQL that loses one answer: the first time a client sends a
 * statement containing `statement` (its first word the command, e.g. `update "oauth_logins" set`),
 * the statement reaches the server and runs to its commit, but nothing the server says from its
 * CommandComplete on reaches the client, and once the server reports ready again (the commit
 * done) the client's connection is cut. The client sees a dead connection and
 * cannot tell whether its statement committed — the case a killed statement does not make.
 *
 * It reads the SQL text of the protocol's Parse (or simple Query) message, so the statement must
 * be new on its connection (postgres.js names prepared statements per connection).
 */
export async function startPgReplyDropper(databaseUrl: string, statement: string): Promise<PgReplyDropper> {
  const target = new URL(databaseUrl);
  const needle = Buffer.from(statement);
  const verb = statement.trim().split(/\s/)[0].toUpperCase();
  let armed = true;
  let dropped = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    // doomed: the statement was sent; dropping: its CommandComplete came, nothing more passes.
    let doomed = false;
    let dropping = false;
    let seen = Buffer.alloc(0);
    client.on("data", (chunk) => {
      if (armed) {
        // The text may straddle two chunks: keep the tail of the last one.
        const window = Buffer.concat([seen, chunk]);
        if (window.includes(needle)) {
          armed = false;
          doomed = true;
        }
        seen = window.subarray(Math.max(0, window.length - needle.length));
      }
      upstream.write(chunk);
    });
    upstream.on(
      "data",
      messageReader((type, message) => {
        // The statement's own CommandComplete ("UPDATE 1"): from here the answer is lost. Its
        // implicit transaction commits at the Sync that follows, which ReadyForQuery reports.
        if (doomed && type === "C" && message.subarray(5).toString().startsWith(verb)) dropping = true;
        if (!dropping) return void client.write(message);
        if (type === "Z") {
          dropped++;
          client.destroy();
          upstream.destroy();
        }
      }),
    );
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    dropped: () => dropped,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
