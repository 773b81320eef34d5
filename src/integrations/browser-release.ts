/**
 * In a build, Chromium (the diagram renderer's browser) draws the notes' and cards' Mermaid
 * fences while Astro syncs content, and the generated diagrams (stack, chains, cards) on
 * their first use. It was then left open until post-build: about 1.1 GB of RSS over its
 * processes next to the build process through bundling and route generation, where the
 * process tree peaked (3.2 GB at 1,000 notes). At `astro:build:start` content is synced: the
 * generated diagrams are made now and the browser closed. Closing is not final, so anything
 * rendered later still gets a browser (launched again on demand).
 */
export interface ReleasableRenderer {
  /** Closes the browser; `final` false lets it launch again when something asks for a render. */
  close(final?: boolean): Promise<void>;
}

export async function releaseBrowser(
  diagrams: () => Promise<unknown>,
  renderer: ReleasableRenderer | undefined,
): Promise<void> {
  await diagrams();
  await renderer?.close(false);
}
