/** `import text from '../lessons/x.lesson.json?raw'`: a built-in lesson's text (Vite's `?raw` query), for the worker's typecheck. */
declare module '*.lesson.json?raw' {
  const text: string;
  export default text;
}
