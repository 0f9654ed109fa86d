/**
 * `--linux` and `--qemu-version`: the platform profile options of the commands whose result depends
 * on it (region, route, check, list, fill-verify). One definition, one usage text, one parser.
 */
import {
  LINUX_PROFILES,
  type PlatformProfile,
  parseLinuxProfile,
  parseQemuProfile,
  QEMU_PROFILES,
} from '../cxl/index.ts';
import { UsageError } from './io.ts';
import type { ParsedOptions } from './options.ts';

/** Value options to add to a command's `OptionSpec.values`. */
export const PLATFORM_OPTIONS = ['--linux', '--qemu-version'] as const;

/** Lines for a command's usage text. */
export const PLATFORM_USAGE = `  --linux ${LINUX_PROFILES.join('|')}     Linux CXL driver to model (default: the file's "platform", else current);
                        6.1 gives a host bridge or switch with one downstream port a software
                        passthrough decoder and never programs its HDM decoders
  --qemu-version ${QEMU_PROFILES.join('|')}
                        QEMU to model (default: the file's "platform", else current); 7.2 routes a
                        host bridge or switch only through its HDM decoder 0 and has no
                        passthrough host bridges`;

/** The profile fields the options set (empty when neither is given); a bad value is a usage error. */
export function platformOverride(parsed: ParsedOptions): Partial<PlatformProfile> {
  const out: Partial<PlatformProfile> = {};
  const linux = parsed.values.get('--linux');
  if (linux !== undefined) {
    const v = parseLinuxProfile(linux);
    if (v === null)
      throw new UsageError(`--linux must be ${LINUX_PROFILES.join(' or ')}, not '${linux.slice(0, 40)}'`);
    out.linux = v;
  }
  const qemu = parsed.values.get('--qemu-version');
  if (qemu !== undefined) {
    const v = parseQemuProfile(qemu);
    if (v === null) {
      throw new UsageError(
        `--qemu-version must be ${QEMU_PROFILES.join(' or ')}, not '${qemu.slice(0, 40)}'`,
      );
    }
    out.qemu = v;
  }
  return out;
}
