import type { Options } from 'tsup';

/**
 * The build every published package shares: ESM (`.js`) for `import` and CommonJS (`.cjs`) for `require`,
 * for Node 20, with source maps. Declarations come from tsc (scripts/emit-declarations.mjs): one file per
 * module, with declaration maps, so tsup writes none. A package's config adds its entries and its
 * `external` list (peer dependencies, listed so that they stay imports even if tsup's own detection
 * changes), and may override the rest.
 */
export function packageBuild(options: Options): Options {
  return {
    format: ['esm', 'cjs'],
    dts: false,
    clean: true,
    sourcemap: true,
    // The maps point into the shipped src/ instead of carrying a copy of it.
    esbuildOptions: (esbuild) => {
      esbuild.sourcesContent = false;
    },
    target: 'node20',
    treeshake: true,
    ...options,
  };
}
