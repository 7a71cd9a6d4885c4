/**
 * The manager's GraphQL API (graphql-yoga). Artists read jobs without signing; node daemons (workers, verifiers) call
 * the operations marked "node": their `input` is signed by the node's operator key (keepers/auth, EIP-712
 * `NodeRequest` over the operation's name and JSON.stringify(input) as sent), so every argument a node acts with is
 * covered. Amounts and ids are decimal strings (bigint on both sides).
 */
export const managerSchema = /* GraphQL */ `
  type Query {
    "A job by id (bytes32 hex): status, tasks, progress."
    job(id: String!): Job
    "node: the worker's live assignments, what to render."
    assignments(input: NodeInput!): [Assignment!]!
    "node: rendered attempts of jobs whose committee holds this verifier, not yet judged by it."
    verifications(input: NodeInput!): [Verification!]!
    "node: built settlements of jobs whose committee holds this verifier, not yet signed by it."
    settlementsToSign(input: NodeInput!): [SettlementToSign!]!
  }

  type Mutation {
    "node: a worker is alive; what it renders and how many tasks at once."
    heartbeat(input: HeartbeatInput!): Heartbeat!
    "node: a worker's render of an attempt (the CID of its frames)."
    submitResult(input: ResultInput!): Receipt!
    "node: a committee member's verdict on an attempt."
    submitVerdict(input: VerdictInput!): Receipt!
    "node: a committee member's EIP-712 signature over a built settlement (JobMarket's Settlement type)."
    signSettlement(input: SettlementSignatureInput!): Receipt!
  }

  input SettlementSignatureInput {
    nodeId: String!
    jobId: String!
    settlementIndex: Int!
    signature: String!
  }

  "A settlement the committee is asked to sign: the entries it signs and the outcomes they come from, each to be checked against the verifier's own verdicts."
  type SettlementToSign {
    jobId: String!
    settlementIndex: Int!
    outcomesRoot: String!
    "Packed worker entries (licenseId << 128 | workWad), decimal."
    workers: [String!]!
    "Packed rejections (licenseId << 32 | taskIndex), decimal."
    rejected: [String!]!
    outcomes: [SettlementOutcome!]!
  }

  type SettlementOutcome {
    taskIndex: Int!
    workerId: String!
    resultCid: String!
    resultWord: String!
    accepted: Boolean!
    workWad: String!
    attemptId: Int!
  }

  input NodeInput {
    nodeId: String!
  }

  input HeartbeatInput {
    nodeId: String!
    engines: [String!]!
    slots: Int!
  }

  input ResultInput {
    nodeId: String!
    attemptId: Int!
    resultCid: String!
  }

  input VerdictInput {
    nodeId: String!
    attemptId: Int!
    accepted: Boolean!
    "The detector's figures (matched regions, false-accept bound, ...), kept with the verdict."
    statistics: String!
  }

  type Heartbeat {
    eligible: Boolean!
    pricePerIbmWad: String!
    ibWad: String!
  }

  type Receipt {
    outcome: String!
  }

  type Job {
    id: String!
    status: String!
    artist: String!
    sceneCid: String!
    frameStart: Int!
    frameEnd: Int!
    fee: String!
    tasks: [Task!]!
    "Tasks accepted over all tasks, in [0, 1]."
    progress: Float!
  }

  type Task {
    index: Int!
    frameStart: Int!
    frameEnd: Int!
    status: String!
    attempts: Int!
    "The accepted render's CID, once accepted."
    resultCid: String
  }

  type Assignment {
    attemptId: Int!
    jobId: String!
    taskIndex: Int!
    frameStart: Int!
    frameEnd: Int!
    sceneCid: String!
    engine: String!
    width: Int!
    height: Int!
    samples: Int!
    bounces: Int!
    "The render seed of the task, a uint32 (GraphQL Int is 31 bits): it fixes every random number of the render, so a verifier can re-render a crop."
    seed: Float!
    deadline: String!
  }

  type Verification {
    attemptId: Int!
    jobId: String!
    taskIndex: Int!
    resultCid: String!
    width: Int!
    height: Int!
    "The task's PoR key (version 2 JSON), sealed to the verifier's registered encryption key (ECIES), hex."
    sealedKey: String!
    "What the spot re-render needs: the task's marked scene, engine and render settings."
    sceneCid: String!
    engine: String!
    samples: Int!
    bounces: Int!
    seed: Float!
  }
`;
