/**
 * What the indexer's read endpoints answer, for the CLI and any other client. Amounts are decimal strings of the
 * on-chain integers (JSON has no bigint): IFX in WAD, work in WAD-IBM, ifxDollar in WAD.
 */

/** GET /nodes/:id/earnings */
export interface NodeEarnings {
  nodeId: string;
  role: number | null;
  epochs: {
    epoch: string;
    role: number;
    workWad: string;
    forfeited: boolean;
    closed: boolean;
    /** Null until the epoch is closed. */
    earnedIfx: string | null;
  }[];
  /** Over closed epochs. */
  earnedIfx: string;
  claimedIfx: string;
}

/** GET /epochs/:n */
export interface EpochSummary {
  epoch: string;
  closed: boolean;
  startedAt: string | null;
  lengthSeconds: string | null;
  /** W: paid work. */
  paidIbmWad: string;
  apparentIbmWad: string | null;
  ibmeBps: string | null;
  /** T: minted. */
  mintedIfx: string | null;
  emissionIfx: string | null;
  pools: { workersIfx: string; verifiersIfx: string; managersIfx: string } | null;
  penaltyIfx: string | null;
  toDaoIfx: string | null;
  feesSettled: string;
  burnedIfx: string;
  settlements: number;
  nodes: number;
}

/** GET /totals */
export interface NetworkTotals {
  licenses: number;
  nodes: number;
  activeNodes: number;
  totalStaked: string;
  jobs: number;
  settlements: number;
  paidWorkWad: string;
  feesSettled: string;
  feesReleased: string;
  epochsClosed: number;
  mintedByEpochsIfx: string;
  burnedIfx: string;
  claimedIfx: string;
  slashedIfx: string;
  ifxSupply: string;
  ifxHolders: number;
  proposals: number;
  parameterChanges: number;
}
