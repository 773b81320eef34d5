/** Types of the `virtual:stack-atlas/*` modules (served by src/integrations/virtual-data.ts). */
declare module 'virtual:stack-atlas/config' {
  export const site: string;
  export const base: string;
  export const contentDir: string;
  /** Symbolic links under content/notes/ that the notes collection must not follow. */
  export const noteSymlinks: string[];
  /** Where the content is edited (edit and report links); null when none is configured. */
  export const repository: import('./model/repository.ts').Repository | null;
}

declare module 'virtual:stack-atlas/data' {
  export const cards: import('./model/types.ts').Card[];
  export const layers: import('./model/types.ts').Layer[];
  export const chains: import('./model/chains.ts').Chain[];
  export const examples: import('./model/examples.ts').Example[];
  export const redirects: Record<string, string>;
  export const pageFiles: import('./integrations/git-dates.ts').PageFiles;
  export const diagrams: import('./diagrams/render/build.ts').DiagramManifest;
  /** The live machine of this build, or null when no image was built. */
  export const machine: import('./model/machine-manifest.ts').MachineInfo | null;
  export const playground: import('./model/playground.ts').Playground;
  /** 0 in a build; in `astro dev`, changes whenever the values above are replaced in place. */
  export const version: number;
}
