// kafkajs's default socket factory leaves Nagle's algorithm on: a small produce or fetch request can then wait for
// the peer's delayed ACK (tens of ms on Linux loopback). The Java client sets TCP_NODELAY; so does this factory.
import net from "node:net";
import tls from "node:tls";
import type { ISocketFactory } from "kafkajs";

const KEEP_ALIVE_DELAY_MS = 60_000;

/** kafkajs socket factory with TCP_NODELAY and keep-alive (plain TCP or TLS, like the default one). */
export const kafkaNoDelaySocketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  // kafkajs passes its `ssl` setting through: null, `true` or TLS options.
  const options: unknown = ssl;
  const socket = options !== null && options !== undefined && options !== false
    ? tls.connect({ host, port, ...(net.isIP(host) === 0 ? { servername: host } : {}), ...(typeof options === "object" ? (options) : {}) }, onConnect)
    : net.connect({ host, port, noDelay: true }, onConnect);
  socket.setNoDelay(true);
  socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
  return socket;
};
