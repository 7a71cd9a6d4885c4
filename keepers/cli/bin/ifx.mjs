#!/usr/bin/env node
// The `ifx` binary: the CLI is TypeScript run through tsx's loader (no build step), on the Node the project pins.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../main.ts");
await main();
