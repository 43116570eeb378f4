// A zip writer whose output depends only on the files' names and bytes, so the same build
// packs to the same bytes (AMO's and the Chrome Web Store's uploads can be checked against a
// rebuild). `web-ext build` cannot: it stamps each entry with the current time and adds
// entries in the order file reads finish. Here: names sorted, one fixed date (1980-01-01, the
// format's earliest), mode 0644, no directory entries, no extra fields; DEFLATE by Node's zlib
// (same Node version, same bytes), or STORE when deflating does not make an entry smaller.
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** Path inside the archive, with `/` separators. */
  name: string;
  data: Uint8Array;
}

const DOS_TIME = 0; // 00:00:00
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const UTF8_NAMES = 0x0800;
const MADE_BY_UNIX = (3 << 8) | 20;
const UNIX_FILE_0644 = (0o100644 << 16) >>> 0;

/** What a local header and its central directory entry both say of an entry. */
interface SharedFields {
  /** 0: STORE, 8: DEFLATE. */
  method: number;
  crc: number;
  compressed: number;
  size: number;
  nameLength: number;
}

/** The 26 bytes both headers share, in the same order: version needed to the name's length. */
function writeShared(b: Buffer, at: number, f: SharedFields): void {
  b.writeUInt16LE(20, at); // version needed: 2.0
  b.writeUInt16LE(UTF8_NAMES, at + 2);
  b.writeUInt16LE(f.method, at + 4);
  b.writeUInt16LE(DOS_TIME, at + 6);
  b.writeUInt16LE(DOS_DATE, at + 8);
  b.writeUInt32LE(f.crc, at + 10);
  b.writeUInt32LE(f.compressed, at + 14);
  b.writeUInt32LE(f.size, at + 18);
  b.writeUInt16LE(f.nameLength, at + 22);
}

export function zip(entries: readonly ZipEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < sorted.length; i++) {
    const { name, data } = sorted[i]!;
    if (name.length === 0 || name.startsWith('/') || name.includes('\\') || name.split('/').includes('..')) {
      throw new Error(`zip: unsafe entry name ${JSON.stringify(name)}`);
    }
    if (i > 0 && sorted[i - 1]!.name === name) throw new Error(`zip: duplicate entry ${name}`);
    const nameBytes = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? Buffer.from(data) : deflated;
    const crc = crc32(data);

    const shared: SharedFields = { method: stored ? 0 : 8, crc, compressed: body.length, size: data.length, nameLength: nameBytes.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeShared(local, 4, shared);
    local.writeUInt16LE(0, 28); // extra field length
    locals.push(local, nameBytes, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(MADE_BY_UNIX, 4);
    writeShared(central, 6, shared);
    // extra length, comment length, disk number, internal attributes: all 0
    central.writeUInt32LE(UNIX_FILE_0644, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);

    offset += local.length + nameBytes.length + body.length;
    if (offset > 0xffffffff) throw new Error('zip: archive over 4 GB (no ZIP64 here)');
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  if (sorted.length > 0xffff) throw new Error('zip: more than 65,535 entries (no ZIP64 here)');
  return Buffer.concat([...locals, directory, end]);
}
