/**
 * The only machine code an ordinary visit loads: it waits for the press of
 * 「在浏览器里运行」 and only then imports the session (emulator, terminal,
 * checker), which fetches the machine's files.
 */
export function bootLiveMachines(): void {
  for (const root of document.querySelectorAll<HTMLElement>('[data-live-machine]')) {
    const button = root.querySelector<HTMLButtonElement>('[data-machine-start]');
    if (!button) continue;
    button.addEventListener('click', () => {
      if (button.disabled) return;
      const pressedAt = performance.now();
      button.disabled = true;
      import('./live-session.ts')
        .then(({ startSession }) => startSession(root, pressedAt))
        .catch((error: unknown) => {
          // The session could not even load (offline before the first run): the button works again.
          root.dataset.state = 'error';
          button.disabled = false;
          console.error(error);
        });
    });
  }
}
