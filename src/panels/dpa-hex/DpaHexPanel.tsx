// The DPA hex dock panel: a device's memory as virtualized hex rows, with the HPAs that reach a byte; in a multi-host lab also a fabric device's physical media (the MLD hex view).
import './dpa-hex.css';
import { useMemo, useState } from 'react';
import { fabricNodeId } from '../../lib/fabric-node-ids';
import { useLabStore } from '../../state/hooks';
import { PanelIntro } from '../PanelIntro';
import { HexRows } from './HexRows';
import { HexToolbar } from './HexToolbar';
import { BYTES_PER_ROW, chunksFor, dpaText, poisonAt } from './hex-model';
import { LdMediaLine } from './LdMediaLine';
import { MediaRuler } from './MediaRuler';
import { MediaLegend, MediaReverse } from './MediaSide';
import { segmentLabel, segmentsFor } from './media-model';
import { PoisonRecords } from './PoisonRecords';
import { ReverseMap } from './ReverseMap';
import { useHexCursor } from './useHexCursor';
import { useChunks, useReverse } from './useHexData';
import { type HexTarget, useHexDevice } from './useHexDevice';
import { useHexViewport } from './useHexViewport';

/** "; poisoned: 0x1000 + 64 B, …" for the grid's accessible name (the stripes are not read out). */
function poisonSummary(poison: readonly { dpa: number; length: number }[]): string {
  if (poison.length === 0) return '';
  const list = poison.slice(0, 4).map((p) => `0x${p.dpa.toString(16)} + ${p.length} B`);
  return `; poisoned: ${list.join(', ')}${poison.length > 4 ? ` and ${poison.length - 4} more` : ''}`;
}

/**
 * The "DPA hex" panel: a device's DPA space as hex, virtualized (only the rows on screen exist, and
 * only their 4 KiB chunks are fetched from the worker, so a 1 TiB device scrolls anywhere and untouched
 * memory costs nothing). Bytes the last access touched are highlighted; hovering a byte (or moving the
 * cursor with the arrow keys) shows which HPAs reach it and through which decoders. A fabric device
 * (multi-host lab) shows its physical media by offset, every LD's slice coloured and tagged.
 */
export function DpaHexPanel() {
  const hex = useHexDevice();
  if (hex.spec === null) return <p className="dock__note">Starting the emulator…</p>;
  if (hex.target === null)
    return (
      <p className="dock__note">This topology has no Type 3 device, so there is no DPA space to show.</p>
    );
  return <HexView hex={hex} target={hex.target} />;
}

/** The column beside the rows: the legend and media reverse map, or poison records and the DPA reverse map. */
function HexSide({
  target,
  shown,
  goTo,
}: {
  target: HexTarget;
  shown: number | null;
  goTo: (at: number) => void;
}) {
  const reverse = useReverse(target.kind === 'dpa' ? target.device : null, shown);
  return (
    <div className="hex-panel__column">
      {target.kind === 'media' ? (
        <>
          <MediaLegend
            device={target.device}
            capacity={target.capacity}
            slices={target.slices}
            onGoTo={goTo}
          />
          <MediaReverse
            device={target.device}
            at={shown}
            poisoned={shown === null ? undefined : poisonAt(target.poison, shown)}
          />
        </>
      ) : (
        <>
          <PoisonRecords device={target.device} onGoTo={goTo} />
          <ReverseMap
            device={target.device}
            hovered={shown}
            reverse={reverse}
            poisoned={shown === null ? undefined : poisonAt(target.poison, shown)}
          />
        </>
      )}
    </div>
  );
}

/** The custom scrollbar beside the rows: drag the thumb anywhere in the device, click the track to page. */
function HexScrollbar({ viewport }: { viewport: ReturnType<typeof useHexViewport> }) {
  const { trackRef, trackHeight, thumb } = viewport;
  return (
    <div
      ref={trackRef}
      className="hex__track"
      style={{ height: trackHeight }}
      onPointerDown={viewport.onTrackDown}
      aria-hidden="true"
    >
      <div
        className="hex__thumb"
        style={{ height: thumb.size, transform: `translateY(${thumb.offset}px)` }}
        onPointerDown={viewport.onThumbDown}
        onPointerMove={viewport.onThumbMove}
        onPointerUp={viewport.onThumbUp}
        onPointerCancel={viewport.onThumbUp}
        data-testid="hex-thumb"
      />
    </div>
  );
}

function HexView({ hex, target }: { hex: ReturnType<typeof useHexDevice>; target: HexTarget }) {
  const { device, capacity, ranges } = target;
  const media = target.kind === 'media';
  const viewKey = media ? fabricNodeId(device) : device;
  const viewport = useHexViewport(viewKey, capacity, ranges);
  const { gridRef, visible, top } = viewport;
  const { cursor, setCursor, hover, setHover, goTo, onKeyDown, shown } = useHexCursor(
    gridRef,
    viewport,
    capacity,
  );
  const pickAnswer = useLabStore((s) => s.pickAnswer);
  const select = useLabStore((s) => s.select);
  const [problem, setProblem] = useState<string | null>(null);
  const poison = target.poison;
  const slices = target.kind === 'media' ? target.slices : null;

  const chunks = useMemo(() => chunksFor(top, visible, capacity), [top, visible, capacity]);
  const chunkAt = useChunks(device, capacity, chunks, media ? 'media' : 'dpa');
  const topRun = slices === null ? undefined : segmentsFor(slices, top * BYTES_PER_ROW, 1)[0];
  const what = media
    ? `${device} media bytes by offset${topRun === undefined ? '' : ` (top row: ${segmentLabel(topRun)})`}`
    : `${device} DPA bytes`;

  return (
    <div className="hex-panel" data-testid="dpa-hex" data-mode={target.kind}>
      <div className="hex-panel__main">
        <PanelIntro>
          {media
            ? 'Physical media by offset, each LD tinted and tagged; hover a byte for its host and HPAs.'
            : "A device's own address space (DPA) as bytes; hover a byte to see which host address reaches it."}
        </PanelIntro>
        <HexToolbar
          devices={hex.devices}
          fabricDevices={hex.fabricDevices}
          value={hex.value}
          media={media}
          device={device}
          capacity={capacity}
          cursor={cursor}
          ranges={ranges}
          poison={poison}
          touchedPages={target.touchedPages}
          onPick={(id) => {
            hex.setPicked(id);
            setCursor(null);
          }}
          onGoTo={goTo}
          setProblem={setProblem}
        />
        {target.kind === 'dpa' && target.ld !== null && (
          <LdMediaLine slice={target.ld} onShow={(id) => select(fabricNodeId(id))} />
        )}
        {problem !== null && <p className="dock__error">{problem}</p>}
        {slices !== null && <MediaRuler slices={slices} top={top} visible={visible} capacity={capacity} />}
        <div className="hex">
          <section
            ref={gridRef}
            className="hex__grid ui-mono"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: the hex grid takes the keyboard (arrows, Page Up/Down, Home/End)
            tabIndex={0}
            aria-label={`${what}, rows ${dpaText(top * BYTES_PER_ROW, capacity)} on; arrow keys move the cursor${poisonSummary(poison)}`}
            onKeyDown={onKeyDown}
            onPointerMove={(e) => {
              const at = (e.target as HTMLElement).dataset.dpa;
              setHover(at === undefined ? null : Number(at));
            }}
            onPointerLeave={() => setHover(null)}
            onClick={(e) => {
              const at = (e.target as HTMLElement).dataset.dpa;
              if (at === undefined) return;
              setCursor(Number(at));
              // A lesson's predict step may take this byte as its answer (device and DPA).
              if (!media) pickAnswer({ source: 'byte', device, dpa: Number(at) });
            }}
            data-testid="hex-grid"
            data-top={top}
          >
            <HexRows
              top={top}
              visible={visible}
              capacity={capacity}
              chunkAt={chunkAt}
              ranges={ranges}
              poison={poison}
              cursor={cursor}
              hover={hover}
              slices={slices}
            />
          </section>
          <HexScrollbar viewport={viewport} />
        </div>
      </div>
      <HexSide target={target} shown={shown} goTo={goTo} />
    </div>
  );
}
