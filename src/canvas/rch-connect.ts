/**
 * Connection rule for a CXL 1.1 restricted host (RCH): it has no root ports, and exactly one
 * restricted device (RCD) attaches directly below it (CXL r3.0 §9.11.2; core rules in
 * src/cxl/topology/restricted.ts, whose wording this follows).
 */
import type { ComponentKind } from '../cxl/topology/model.ts';

/** The part of a component this rule reads (connect-rules' GraphComponent fits it). */
interface Node {
  id: string;
  kind: ComponentKind;
  parent: string | null;
  restricted?: boolean;
}

type Verdict = { ok: true; action: 'attach'; parent: string; child: string } | { ok: false; reason: string };

/** The verdict for a connection below an RCH, or null when `parent` is not one (the general rules apply). */
export function rchVerdict(components: readonly Node[], parent: Node, child: Node): Verdict | null {
  if (parent.kind !== 'host-bridge' || parent.restricted !== true) return null;
  const refuse = (reason: string): Verdict => ({ ok: false, reason });
  if (child.kind !== 'type3') {
    return refuse(
      `${parent.id} is a CXL 1.1 restricted host bridge: it has no root ports; only one Type 3 device (RCD) sits directly below it`,
    );
  }
  if (child.parent === parent.id) return refuse(`${parent.id} and ${child.id} are already connected`);
  if (child.parent !== null && components.some((c) => c.id === child.parent)) {
    return refuse(
      `${child.id} is already below ${child.parent}: delete that link first (select it, press Delete)`,
    );
  }
  const occupant = components.find((c) => c.parent === parent.id);
  if (occupant !== undefined)
    return refuse(`${parent.id} already has its device (${occupant.id}): one RCD per RCH`);
  return { ok: true, action: 'attach', parent: parent.id, child: child.id };
}
