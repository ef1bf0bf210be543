// js-yaml 4 arrives through electron-builder without types; the tests only read YAML.
declare module 'js-yaml' {
  export function load(text: string, options?: { filename?: string }): unknown;
  const yaml: { load: typeof load };
  export default yaml;
}
