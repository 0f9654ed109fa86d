/**
 * DOC: the public surface of the CXL emulator core. Everything outside `src/cxl` (CLI, worker, UI,
 * tests of other areas) imports from here. The core is pure: no DOM, React, Node or worker globals.
 * Each module below owns one concern (units, one spec structure, the register engine, topology
 * validation, the lab file, the lab); this file is only a list of `export … from` lines.
 */

export * from './accept.ts';
export * from './acpi/index.ts';
export * from './base64.ts';
export * from './decode/access.ts';
export * from './decode/arith.ts';
export * from './decode/check.ts';
export * from './decode/check-overlap.ts';
export * from './decode/check-run.ts';
export * from './decode/compile.ts';
export * from './decode/inverse.ts';
export * from './decode/walk.ts';
export * from './device/index.ts';
export * from './hdm/commit.ts';
export * from './hdm/component-registers.ts';
export * from './hdm/decoder-state.ts';
export * from './hdm/decoder-view.ts';
export * from './hdm/persist.ts';
export * from './hdm/program.ts';
export * from './interop/index.ts';
export * from './lab.ts';
export * from './lab-core.ts';
export * from './lesson/index.ts';
export * from './limits.ts';
export * from './memory/sparse-memory.ts';
export * from './region/index.ts';
export * from './regs/field.ts';
export * from './regs/register-file.ts';
export * from './result.ts';
export * from './spec/capability-header.ts';
export * from './spec/hdm-decoder.ts';
export * from './spec/interleave.ts';
export * from './topology/file.ts';
export * from './topology/model.ts';
export * from './topology/platform.ts';
export * from './topology/validate.ts';
export * from './units.ts';
