// The DPA hex view of an LD (`mld0.ld1` in its host): where the LD's DPA space lies in its MLD's media, with a link to the media view.
import type { FabricLdView } from '../../worker/lab-types.ts';
import { ldMediaText } from './media-model';

/** "LD 1 of mld0: media offset 0x40000000–0x7fffffff · media view of mld0". */
export function LdMediaLine({ slice, onShow }: { slice: FabricLdView; onShow: (device: string) => void }) {
  return (
    <p className="hex-panel__ld" data-testid="hex-ld-media">
      {ldMediaText(slice)} ·{' '}
      <button
        type="button"
        className="ui-link"
        onClick={() => onShow(slice.device)}
        data-testid="hex-ld-media-link"
      >
        media view of {slice.device}
      </button>
    </p>
  );
}
