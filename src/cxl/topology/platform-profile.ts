/**
 * The platform profile a lab names (which Linux CXL driver, which QEMU CXL emulation): a leaf module
 * the topology model and the profile rules (`platform.ts`) both import, so they do not import each other.
 */
export const LINUX_PROFILES = ['6.1', 'current'] as const;
export const QEMU_PROFILES = ['7.2', 'current'] as const;
export type LinuxProfile = (typeof LINUX_PROFILES)[number];
export type QemuProfile = (typeof QEMU_PROFILES)[number];

/** The Linux and QEMU a lab models. Absent from a lab = `DEFAULT_PLATFORM`. */
export interface PlatformProfile {
  linux: LinuxProfile;
  qemu: QemuProfile;
}

export const DEFAULT_PLATFORM: Readonly<PlatformProfile> = { linux: 'current', qemu: 'current' };
