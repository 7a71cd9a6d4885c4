import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { bytesToHex, hexToBytes, type Hex } from "viem";

/** dag-pb (UnixFS roots) and sha2-256: the only CIDs the market's bytes32 fields carry. */
const DAG_PB = 0x70;
const SHA2_256 = 0x12;

/**
 * A CID as the word the market stores (`Quote.sceneCid`, an outcome's `resultCid`): the sha2-256 digest of a CIDv1
 * dag-pb root, which is what the content store gives every file (UnixFS, single-block files included). The word
 * turns back into the CID (`wordToCid`), so an indexer or an artist can fetch what the chain names. Other CIDs are
 * refused: a word must mean one CID.
 */
export function cidToWord(cid: string): Hex {
  let parsed: CID;
  try {
    parsed = CID.parse(cid);
  } catch (error) {
    throw new RangeError(`not a CID: "${cid}"`, { cause: error });
  }
  if (parsed.code !== DAG_PB || parsed.multihash.code !== SHA2_256) {
    throw new RangeError(`the market names UnixFS roots (dag-pb, sha2-256); ${cid} has codec 0x${parsed.code.toString(16)} and hash 0x${parsed.multihash.code.toString(16)}`);
  }
  return bytesToHex(parsed.multihash.digest);
}

/** The CIDv1 (base32) a market word names. */
export function wordToCid(word: Hex): string {
  const digest = hexToBytes(word);
  if (digest.length !== 32) throw new RangeError(`a CID word is 32 bytes, got ${digest.length}`);
  return CID.createV1(DAG_PB, Digest.create(SHA2_256, digest)).toString();
}
