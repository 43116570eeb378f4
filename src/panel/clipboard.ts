// Copy text from a DevTools panel. navigator.clipboard needs the clipboard-write permission,
// which an extension panel inside DevTools may not have (the frame is not focused the way a
// tab is), so fall back to a hidden textarea and the legacy copy command.
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  try {
    const clip = doc.defaultView?.navigator.clipboard;
    if (clip) {
      await clip.writeText(text);
      return true;
    }
  } catch {
    // Permission denied or not focused: try the fallback.
  }
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  doc.body.append(area);
  area.focus();
  area.select();
  let ok = false;
  try {
    ok = doc.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}
