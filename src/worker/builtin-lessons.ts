/**
 * The built-in lessons (`src/lessons/*.lesson.json`) by id, as text for the lesson parser. Each loads
 * on first use, so the worker's bundle does not carry them until a lesson is opened.
 */
const LOADERS: Readonly<Record<string, () => Promise<{ default: string }>>> = {
  'hpa-window': () => import('../lessons/01-hpa-window.lesson.json?raw'),
  'interleave-ways': () => import('../lessons/02-interleave-ways.lesson.json?raw'),
  'host-bridge-interleave': () => import('../lessons/03-host-bridge-interleave.lesson.json?raw'),
  'switch-decode': () => import('../lessons/04-switch-decode.lesson.json?raw'),
  'modulo-3way': () => import('../lessons/05-modulo-3way.lesson.json?raw'),
  'xor-interleave': () => import('../lessons/06-xor-interleave.lesson.json?raw'),
  'dpa-skip': () => import('../lessons/07-dpa-skip.lesson.json?raw'),
  'vanishing-writes': () => import('../lessons/08-vanishing-writes.lesson.json?raw'),
};

/** Ids of the built-in lessons, in teaching order. */
export const BUILTIN_LESSON_IDS: readonly string[] = Object.keys(LOADERS);

/** The text of built-in lesson `id`, or undefined when there is none. */
export async function builtinLessonText(id: string): Promise<string | undefined> {
  const load = Object.hasOwn(LOADERS, id) ? LOADERS[id] : undefined;
  return load === undefined ? undefined : (await load()).default;
}
