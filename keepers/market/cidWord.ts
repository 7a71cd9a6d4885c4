import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { bytesToHex, hexToBytes, type Hex } from "viem";

/** The codecs of the content store's file roots: dag-pb (UnixFS trees) and raw (a file of one block). */
const CODECS = { "dag-pb": 0x70, raw: 0x55 } as const;
const SHA2_256 = 0x12;

export type CidCodec = keyof typeof CODECS;

/**
 * A CID as the word the market stores (`Quote.sceneCid`, an outcome's `resultCid`): its sha2-256 digest. The store
 * makes CIDv1 roots the way Kubo does, a file of one block (up to 256 KiB) a raw CID and a larger one a dag-pb root,
 * and the word drops which: the digest names one block either way (a raw block and a dag-pb node with the same digest
 * would be a sha2-256 collision), so `cidsOfWord` gives both readings and the store answers for the one it holds.
 * Any other hash or codec is refused: a word must mean one file.
 */
export function cidToWord(cid: string): Hex {
  let parsed: CID;
  try {
    parsed = CID.parse(cid);
  } catch (error) {
    throw new RangeError(`not a CID: "${cid}"`, { cause: error });
  }
  const codecs: number[] = Object.values(CODECS);
  if (!codecs.includes(parsed.code) || parsed.multihash.code !== SHA2_256) {
    throw new RangeError(`the market names files by sha2-256 (dag-pb or raw roots); ${cid} has codec 0x${parsed.code.toString(16)} and hash 0x${parsed.multihash.code.toString(16)}`);
  }
  return bytesToHex(parsed.multihash.digest);
}

/** The CIDv1 (base32) of a market word read with one codec. */
export function wordToCid(word: Hex, codec: CidCodec): string {
  const digest = hexToBytes(word);
  if (digest.length !== 32) throw new RangeError(`a CID word is 32 bytes, got ${digest.length}`);
  return CID.createV1(CODECS[codec], Digest.create(SHA2_256, digest)).toString();
}

/** Both readings of a word, the tree's first (most files are larger than one block). */
export function cidsOfWord(word: Hex): [string, string] {
  return [wordToCid(word, "dag-pb"), wordToCid(word, "raw")];
}
