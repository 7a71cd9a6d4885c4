export { IMPORT_LAYOUT, type ContentStore, type ReadOptions, type StoreCallOptions } from "./contentStore.js";
export { StorageError, isStorageError, type StorageErrorCode } from "./storageError.js";
export { createHeliaStore, DEFAULT_FETCH_TIMEOUT_MS, type HeliaStoreOptions } from "./heliaStore.js";
export { createKuboStore, type KuboStoreOptions } from "./kuboStore.js";
export { serveBlocks, RAW_BLOCK_TYPE } from "./serveBlocks.js";
export { createContentStore, parseStorageConfig, storageConfigSchema, type StorageConfig } from "./createContentStore.js";
