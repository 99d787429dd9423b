import tls from "node:tls";

/**
 * Makes this process trust `caPem` besides Node's own roots, for every TLS connection opened
 * from now on (the portal's undici agents and fetch included), until the returned function
 * restores the roots it had. The in-process equivalent of an operator's NODE_EXTRA_CA_CERTS,
 * which Node reads only at start: the same default CA store is changed, no certificate check
 * is switched off.
 */
export function trustExtraCa(caPem: string): () => void {
  const before = tls.getCACertificates("default");
  tls.setDefaultCACertificates([...before, caPem]);
  return () => tls.setDefaultCACertificates(before);
}
