// Region colour chips on a canvas card used by more than one region.

/** Small colour chips, one per region using the component (shown when more than one does). */
export function RegionChips({ colors, regions }: { colors: readonly string[]; regions: readonly string[] }) {
  if (regions.length < 2) return null;
  return (
    <span className="lab-chips" title={regions.join(', ')}>
      {colors.map((c, i) => (
        <span key={regions[i]} className="lab-chip" style={{ background: c }} />
      ))}
    </span>
  );
}
