/**
 * A deliberately literal, whole-body simulation of res_http_post's readmimefile() loop, written
 * statement by statement like the C (byte-by-byte sequence search, explicit memmove), to check
 * the streaming planner (electron/upload/plan.ts) against. Not used by any product code.
 */

function findSequence(buf: Uint8Array, inlen: number, match: Uint8Array): number {
  let found = false;
  let current = 0;
  for (current = 0; current < inlen - match.length; current++) {
    if (buf[current] === match[0]) {
      found = true;
      for (let comp = 1; comp < match.length; comp++) {
        if (buf[current + comp] !== match[comp]) {
          found = false;
          break;
        }
      }
      if (found) break;
    }
  }
  return found ? current : -1;
}

export interface ReferenceResult {
  /** Size requested by every read, in order. */
  readonly reads: number[];
  /** What the loop wrote to its temp file. */
  readonly output: Buffer;
}

/** Runs the loop over `body`, with every read answered in full. */
export function referenceReadmimefile(
  body: Buffer,
  boundary: string,
  contentLength = body.length,
): ReferenceResult {
  const buf = new Uint8Array(4096);
  const marker = new TextEncoder().encode('filename="');
  const bnd = Buffer.from(boundary, 'latin1');
  const out: number[] = [];
  const reads: number[] = [];
  let findFilename = false;
  let charInBuf = 0;
  let contentlen = contentLength;
  let consumed = 0;
  const fwrite = (from: number, count: number): void => {
    for (let i = 0; i < count; i++) out.push(buf[from + i] as number);
  };
  const memmove = (to: number, from: number, count: number): void => {
    buf.copyWithin(to, from, from + count);
  };
  while (contentlen > 0 || charInBuf > 0) {
    let numToRead: number;
    if (contentlen > 4096 - charInBuf) numToRead = 4096 - charInBuf;
    else numToRead = contentlen;
    if (numToRead > 0) {
      reads.push(numToRead);
      for (let i = 0; i < numToRead; i++) buf[charInBuf + i] = body[consumed + i] as number;
      consumed += numToRead;
      contentlen -= numToRead;
      charInBuf += numToRead;
    }
    if (findFilename) {
      let filespec = -1;
      let pathEnd = -1;
      let m = findSequence(buf, charInBuf, marker);
      if (m >= 0) {
        m += marker.length;
        for (let x = 0, p = m; x < charInBuf - m; x++, p++) {
          if (buf[p] === 0x5c) buf[p] = 0x2f;
          if (buf[p] === 0x22) {
            pathEnd = p;
            let lastSlash = -1;
            for (let q = m; q < p; q++) if (buf[q] === 0x2f) lastSlash = q;
            filespec = lastSlash >= 0 ? lastSlash + 1 : m;
            break;
          }
        }
      }
      if (filespec >= 0) {
        fwrite(0, m);
        fwrite(filespec, pathEnd + 1 - filespec);
        const x = pathEnd + 1;
        memmove(0, x, charInBuf - x);
        charInBuf -= x;
      }
      findFilename = false;
    } else {
      const m = findSequence(buf, charInBuf, bnd);
      if (m < 0) {
        if (charInBuf < bnd.length) {
          fwrite(0, charInBuf);
          charInBuf = 0;
        } else {
          fwrite(0, charInBuf - (bnd.length - 1));
          const x = charInBuf - (bnd.length - 1);
          memmove(0, x, charInBuf - x);
          charInBuf = bnd.length - 1;
        }
      } else {
        fwrite(0, m + bnd.length);
        const x = m + bnd.length;
        memmove(0, x, charInBuf - x);
        charInBuf -= m + bnd.length;
        findFilename = true;
      }
    }
  }
  return { reads, output: Buffer.from(out) };
}
