import { ponder } from "ponder:registry";
import { ibUpdate, node } from "ponder:schema";

ponder.on("NodeRegistry:NodeRegistered", async ({ event, context }) => {
  const a = event.args;
  const record = {
    owner: a.owner, role: a.kind, operator: a.operator, encryptionKey: a.encryptionKey, pricePerIbmWad: a.pricePerIbmWad,
    metadataUri: a.metadataURI, ibWad: a.ibWad, registeredEpoch: a.epoch, registeredAt: event.block.timestamp,
  };
  await context.db
    .insert(node)
    .values({
      id: a.licenseId, ...record, active: false, blacklisted: false, blacklistedByDao: false, retired: false, stake: 0n,
      unbonding: 0n, slashedTotal: 0n, activeEpochs: 0n, rejections: 0n,
    })
    .onConflictDoUpdate(record);
});

ponder.on("NodeRegistry:NodeUpdated", async ({ event, context }) => {
  const a = event.args;
  await context.db
    .update(node, { id: a.licenseId })
    .set({ operator: a.operator, encryptionKey: a.encryptionKey, pricePerIbmWad: a.pricePerIbmWad, metadataUri: a.metadataURI });
});

ponder.on("NodeRegistry:NodeActiveSet", async ({ event, context }) => {
  await context.db.update(node, { id: event.args.licenseId }).set({ active: event.args.active });
});

/** IB history: every accepted benchmark or report, and the node's IB now. */
ponder.on("NodeRegistry:IbUpdated", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(ibUpdate).values({
    id: event.id, nodeId: a.licenseId, sceneId: a.sceneId, frameTimeMs: a.frameTimeMs, requestedIbWad: a.requestedIbWad,
    ibWad: a.ibWad, epoch: a.epoch, reporter: a.reporter, block: event.block.number, timestamp: event.block.timestamp,
  });
  if ((await context.db.find(node, { id: a.licenseId })) !== null) await context.db.update(node, { id: a.licenseId }).set({ ibWad: a.ibWad });
});

ponder.on("NodeRegistry:NodeParticipated", async ({ event, context }) => {
  await context.db.update(node, { id: event.args.licenseId }).set({ activeEpochs: event.args.activeEpochs, lastParticipatedEpoch: event.args.epoch });
});

ponder.on("NodeRegistry:RejectionRecorded", async ({ event, context }) => {
  await context.db.update(node, { id: event.args.licenseId }).set((row) => ({ rejections: row.rejections + 1n }));
});

/** A blacklisted node is also taken out of service: the registry clears `active` without a `NodeActiveSet`. */
ponder.on("NodeRegistry:NodeBlacklisted", async ({ event, context }) => {
  await context.db.update(node, { id: event.args.licenseId }).set({ blacklisted: true, blacklistedByDao: event.args.byDao, active: false });
});

ponder.on("NodeRegistry:NodeBlacklistCleared", async ({ event, context }) => {
  await context.db.update(node, { id: event.args.licenseId }).set({ blacklisted: false, blacklistedByDao: false });
});

ponder.on("NodeRegistry:NodeRetired", async ({ event, context }) => {
  await context.db.update(node, { id: event.args.licenseId }).set({ retired: true, active: false });
});
