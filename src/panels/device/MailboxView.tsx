// The Device tab's "Mailbox" view: pick a command, edit its input, send it through the registers.
import type { DeviceViewProps } from './device-views';

export function MailboxView({ component }: DeviceViewProps) {
  return <p className="dock__note">Mailbox of {component}: coming in the next commit.</p>;
}
