// Small browser helpers for the portal; nothing here holds data or decides anything.
window.portal = {
  // The theme choice is a per-browser preference, so it lives in localStorage.
  getTheme: () => window.localStorage.getItem("portal-theme"),
  setTheme: (value) => window.localStorage.setItem("portal-theme", value),
  prefersDark: () => window.matchMedia("(prefers-color-scheme: dark)").matches,
};

// Minutes east of UTC of the browser's time zone at a given instant (JS reports them west, hence the sign).
window.portal.offsetMinutes = (epochMilliseconds) => -new Date(epochMilliseconds).getTimezoneOffset();

// The IANA name of the browser's time zone, e.g. "Europe/London".
window.portal.timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || null;

// Review screen shortcuts: c / r / i choose the decision, n skips to the next candidate, z zooms, and
// Ctrl+Enter records. Letters are ignored while typing in a field, so a note can contain any word.
window.portal.reviewKeys = {
  handler: null,
  attach(component) {
    this.detach();
    this.handler = (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
        event.preventDefault();
        // The note as it stands in the box: the server has not seen what was typed since the field last lost focus.
        component.invokeMethodAsync("OnShortcut", "record", window.portal.reviewKeys.noteText());
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      const target = event.target;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      const key = event.key.toLowerCase();
      if (["c", "r", "i", "n", "z"].includes(key)) {
        event.preventDefault();
        component.invokeMethodAsync("OnShortcut", key, null);
      }
    };
    document.addEventListener("keydown", this.handler);
  },
  // The review note's current text, or null where the page has no note box.
  // Called once a decision is recorded: the next candidate opens in this same page, and a key meant as a shortcut
  // there (C, R…) would otherwise be typed into the note that still has focus. Not on a refused record: the
  // reviewer goes on typing the note, and a letter must not become a shortcut.
  leaveNote() {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  },
  noteText() {
    const note = document.getElementById("review-note");
    return note ? note.value : null;
  },
  detach() {
    if (this.handler) document.removeEventListener("keydown", this.handler);
    this.handler = null;
  },
};

// The skip link moves focus to the page's main landmark itself: its "#main" would resolve against the base address
// (the home page), and Blazor's own link handling would navigate there instead. Caught before Blazor sees the click.
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a.skip-link") : null;
  const main = document.getElementById("main");
  if (!link || !main) return;
  event.preventDefault();
  event.stopPropagation();
  main.focus();
  main.scrollIntoView();
}, true);
