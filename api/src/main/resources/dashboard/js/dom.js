// Small DOM helpers. The one rule: nothing from the API or the user ever reaches the page as HTML;
// every text goes through a text node or textContent, every element through createElement.

const main = document.getElementById('main');
const announcer = document.getElementById('announcer');

/** An element with attributes (on* are listeners) and children (strings become text nodes). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A header cell per title, for a table's head row. */
export function headRow(titles) {
  return h('thead', {}, h('tr', {}, titles.map((t) => h('th', { scope: 'col' }, t))));
}

/** Says {@code text} to screen readers through the polite live region. */
export function announce(text) {
  announcer.textContent = '';
  setTimeout(() => { announcer.textContent = text; }, 50);
}

/** The page's main content, replaced; the focus moves to it. */
export function render(...children) {
  main.replaceChildren(...children);
  main.focus();
}

export function errorNear(field, message) {
  const id = field.id + '-error';
  let p = document.getElementById(id);
  if (!p) {
    p = h('p', { id, class: 'error', role: 'alert' });
    field.insertAdjacentElement('afterend', p);
  }
  p.textContent = message;
  field.setAttribute('aria-invalid', 'true');
  field.setAttribute('aria-describedby', id);
  field.focus();
}

export function clearError(field) {
  const p = document.getElementById(field.id + '-error');
  if (p) p.remove();
  field.removeAttribute('aria-invalid');
}

/** A "Cancel" button that empties {@code panel}. */
export function cancelButton(panel) {
  return h('button', { type: 'button', class: 'secondary', onclick: () => panel.replaceChildren() }, 'Cancel');
}
