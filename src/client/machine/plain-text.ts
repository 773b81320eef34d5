/**
 * Serial console bytes as the plain text a script printed, exactly as the Node
 * runner normalises them before checking (tools/vm/machine.ts `plainText`; the
 * two must agree, and this copy goes once that module is on main).
 */
export function plainText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- CSI sequences (colours, cursor moves, the shell's ESC[6n)
      .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
      // eslint-disable-next-line no-control-regex -- other two-character escapes
      .replace(/\x1b[@-Z\\-_]/g, '')
      .replace(/\r+\n/g, '\n')
      .replace(/\r/g, '')
  );
}
