/**
 * What "every control reachable, nothing overlapping" means, checked inside the page (as a string:
 * the root type-check has no DOM types). For each visible interactive element:
 * - reachable: it lies inside the window, or a scrollable ancestor can bring it there;
 * - not clipped: no non-scrolling ancestor with hidden overflow cuts it;
 * - not covered: at its centre the topmost element is itself (or inside it), so no other control,
 *   label or panel lies over it;
 * and the page itself never scrolls sideways.
 */
export const LAYOUT_PROBLEMS = `(() => {
  const problems = [];
  const W = window.innerWidth, H = window.innerHeight;
  const root = document.documentElement;
  if (root.scrollWidth > W + 1) problems.push('the page scrolls sideways: ' + root.scrollWidth + ' > ' + W);
  const name = (el) => {
    const label = el.getAttribute('aria-label') || el.textContent || el.getAttribute('placeholder') || '';
    return el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' "' + label.trim().replace(/\\s+/g, ' ').slice(0, 50) + '"';
  };
  const scrolls = (el, axis) => {
    const style = getComputedStyle(el);
    const o = axis === 'y' ? style.overflowY : style.overflowX;
    return (o === 'auto' || o === 'scroll') && (axis === 'y' ? el.scrollHeight > el.clientHeight : el.scrollWidth > el.clientWidth);
  };
  const selector = 'button, a[href], input:not([type=hidden]), select, textarea, [role=tab], [role=menuitem], [tabindex="0"]';
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('[hidden], .visually-hidden, [aria-hidden="true"]')) continue;
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    // The visible window onto it: the viewport cut by every ancestor that clips.
    let top = 0, left = 0, bottom = H, right = W;
    let scrollY = false, scrollX = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      const clipsY = style.overflowY !== 'visible', clipsX = style.overflowX !== 'visible';
      if (!clipsX && !clipsY) continue;
      const ar = a.getBoundingClientRect();
      if (clipsY) { top = Math.max(top, ar.top); bottom = Math.min(bottom, ar.bottom); }
      if (clipsX) { left = Math.max(left, ar.left); right = Math.min(right, ar.right); }
      if (scrolls(a, 'y')) scrollY = true;
      if (scrolls(a, 'x')) scrollX = true;
      const cutY = r.top < ar.top - 1 || r.bottom > ar.bottom + 1;
      const cutX = r.left < ar.left - 1 || r.right > ar.right + 1;
      if ((cutY && !scrollY) || (cutX && !scrollX)) {
        problems.push('clipped and out of reach: ' + name(el) + ' inside ' + name(a));
        break;
      }
    }
    const outY = r.top < -1 || r.bottom > H + 1, outX = r.left < -1 || r.right > W + 1;
    if ((outY && !scrollY) || (outX && !scrollX)) {
      problems.push('outside the window: ' + name(el) + ' at ' + Math.round(r.left) + ',' + Math.round(r.top) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
      continue;
    }
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    if (cx < left || cx > right || cy < top || cy > bottom) continue; // scrolled away: reachable by scrolling
    const hit = document.elementFromPoint(cx, cy);
    if (hit && hit !== el && !el.contains(hit)) {
      // A control's own label drawn over it is fine when it lets clicks through.
      const interactiveHit = hit.closest(selector);
      if (interactiveHit !== el) problems.push('covered: ' + name(el) + ' lies under ' + name(hit));
    }
  }
  return problems;
})()`;
