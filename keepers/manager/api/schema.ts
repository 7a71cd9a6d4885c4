/**
 * The manager's GraphQL API (graphql-yoga). Artists read jobs without signing; node daemons (workers, verifiers) call
 * the operations marked "node": their `input` is signed by the node's operator key (keepers/auth, EIP-712
 * `NodeRequest` over the operation's name and JSON.stringify(input) as sent), so every argument a node acts with is
 * covered. Artists' operations (quote, job, disputeProof) need no signature: a quote is an offer the manager signs, and
 * what they read is public on-chain. Amounts and ids are decimal strings (bigint on both sides).
 */
export const managerSchema = /* GraphQL */ `
  type Query {
    "A job by id (bytes32 hex): status, tasks, progress."
    job(id: String!): Job
    "What JobDisputes.openDispute needs for an accepted task of a confirmed settlement."
    disputeProof(jobId: String!, taskIndex: Int!): DisputeProof!
    "node: the worker's live assignments, what to render."
    assignments(input: NodeInput!): [Assignment!]!
    "node: rendered attempts (and decided ones of jobs not yet settled) of jobs whose committee holds this verifier, not yet judged by it."
    verifications(input: NodeInput!): [Verification!]!
    "node: disputed attempts whose panel holds this verifier (JobDisputes), to judge again and vote on."
    panelVerifications(input: NodeInput!): [PanelVerification!]!
    "node: built settlements of jobs whose committee holds this verifier, not yet signed by it."
    settlementsToSign(input: NodeInput!): [SettlementToSign!]!
    "node: the worker's open IB benchmark challenges. The first read starts the challenge's clock."
    benchmarks(input: NodeInput!): [BenchmarkChallenge!]!
  }

  type Mutation {
    "artist: a signed quote for rendering an uploaded scene (POST /scenes), priced over the live eligible workers."
    quote(input: QuoteInput!): Quote!
    "node: a worker is alive; what it renders and how many tasks at once."
    heartbeat(input: HeartbeatInput!): Heartbeat!
    "node: a worker's render of an attempt (the CID of its frames)."
    submitResult(input: ResultInput!): Receipt!
    "node: a worker hands back a live attempt it cannot finish (shutting down): the task is assigned again at once."
    releaseTask(input: ReleaseInput!): Receipt!
    "node: a committee member's verdict on an attempt."
    submitVerdict(input: VerdictInput!): Receipt!
    "node: a committee member's EIP-712 signature over a built settlement (JobMarket's Settlement type)."
    signSettlement(input: SettlementSignatureInput!): Receipt!
    "node: a worker's frame for a benchmark challenge (uploaded first with POST /upload). Its arrival stops the clock."
    submitBenchmark(input: BenchmarkResultInput!): Receipt!
  }

  "An IB benchmark challenge (WP eq. 19): render frame 0 of the scene at these settings and seed with the built-in engine."
  type BenchmarkChallenge {
    benchmarkId: Int!
    "The scene's registry key (bytes32 hex)."
    sceneId: String!
    sceneCid: String!
    "A uint32 drawn by the manager for this challenge."
    seed: Float!
    width: Int!
    height: Int!
    samples: Int!
    bounces: Int!
    "When the manager started timing (ISO 8601)."
    fetchedAt: String!
  }

  input BenchmarkResultInput {
    nodeId: String!
    benchmarkId: Int!
    "The CID of the frame's PNG."
    resultCid: String!
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

  input QuoteInput {
    "The address that will call createJob (the quote is for it only)."
    artist: String!
    sceneCid: String!
    frameStart: Int!
    frameEnd: Int!
    "Frames per task (default 5)."
    framesPerTask: Int
    "pathtracer (glTF) or blender."
    engine: String!
    width: Int!
    height: Int!
    samples: Int!
    bounces: Int!
    "cheapest, balanced (default) or fastest."
    option: String
  }

  "A Quote as JobMarket.createJob takes it (amounts WAD, decimal strings), its signature, and what it was priced from."
  type Quote {
    jobId: String!
    artist: String!
    "The scene's CID, and the word the market stores for it (its sha2-256 digest)."
    sceneCid: String!
    sceneWord: String!
    frameStart: Int!
    frameEnd: Int!
    taskCount: Int!
    workWad: String!
    pricePerIbmWad: String!
    fee: String!
    ibFloorWad: String!
    keysCommitment: String!
    expiry: String!
    deadline: String!
    managerId: String!
    "EIP-712 Quote signature by the manager's operator key."
    signature: String!
    option: String!
    options: [PriceOption!]!
    preview: Preview!
    settings: RenderSettings!
  }

  type PriceOption {
    name: String!
    pricePerIbmWad: String!
    workers: Int!
    ibWad: String!
    "Minutes with every such worker rendering (a lower bound); null when they have no IB yet."
    etaMinutes: Float
  }

  type Preview {
    seconds: Float!
    pixelSamples: Float!
  }

  type RenderSettings {
    engine: String!
    width: Int!
    height: Int!
    samples: Int!
    bounces: Int!
    framesPerTask: Int!
  }

  type DisputeProof {
    jobId: String!
    settlementIndex: Int!
    outcome: Outcome!
    "Merkle proof of the outcome's leaf under roots[settlementIndex]."
    proof: [String!]!
    committeeHash: String!
    "The job's committee, in seat order (its hash starts the job's trail; a dispute's panel leaves it out)."
    committee: [DisputeSeat!]!
    "Every settlement root of the job, in order."
    roots: [String!]!
    "The worker's own EIP-712 TaskResult signature of the outcome's result: only the worker that signed it can be slashed."
    resultSignature: String!
  }

  type DisputeSeat {
    verifierId: String!
    operator: String!
  }

  type Outcome {
    taskIndex: Int!
    workerId: String!
    "The result's CID, and the word the outcome holds."
    resultCid: String!
    resultWord: String!
    accepted: Boolean!
    workWad: String!
  }

  input NodeInput {
    nodeId: String!
  }

  input HeartbeatInput {
    nodeId: String!
    engines: [String!]!
    slots: Int!
    "How far the worker is with each live attempt it renders."
    progress: [ProgressInput!]
  }

  input ProgressInput {
    attemptId: Int!
    "In [0, 1]."
    fraction: Float!
  }

  input ReleaseInput {
    nodeId: String!
    attemptId: Int!
  }

  input ResultInput {
    nodeId: String!
    attemptId: Int!
    resultCid: String!
    "The worker operator's EIP-712 TaskResult(jobId, taskIndex, resultCid) signature in the JobMarket's domain (65-byte hex)."
    resultSignature: String!
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
    taskCount: Int!
    acceptedTasks: Int!
    "Every task accepted: every frame can be downloaded."
    done: Boolean!
    settlements: [Settlement!]!
  }

  type Settlement {
    index: Int!
    outcomesRoot: String!
    txHash: String
    "built, sent or confirmed."
    status: String!
  }

  type Frame {
    frame: Int!
    cid: String!
    width: Int!
    height: Int!
    "Where it downloads from on this server: /ipfs/<cid> (blocks checked against the CID by the client)."
    url: String!
  }

  type Task {
    index: Int!
    frameStart: Int!
    frameEnd: Int!
    status: String!
    attempts: Int!
    "The accepted render's CID, once accepted."
    resultCid: String
    "The accepted render's frames (its manifest), null before acceptance."
    frames: [Frame!]
    "How far the worker rendering it is, in [0, 1], from its heartbeats; null while no worker renders it."
    renderProgress: Float
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
    "The JobMarket whose EIP-712 domain the worker signs its result in (TaskResult)."
    market: String!
  }

  type PanelVerification {
    verification: Verification!
    "The dispute is keyed on-chain by (jobId, settlementIndex, taskIndex)."
    settlementIndex: Int!
    "The drawn panel, in seat order, and this verifier's seat: what JobDisputes.vote takes."
    panel: [DisputeSeat!]!
    seat: Int!
  }

  type Verification {
    attemptId: Int!
    jobId: String!
    taskIndex: Int!
    resultCid: String!
    "The worker license that rendered the attempt, a decimal string."
    workerId: String!
    "The worker's EIP-712 TaskResult signature over the result, which the verifier checks against the worker's on-chain binding; null if the manager holds none."
    resultSignature: String
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
