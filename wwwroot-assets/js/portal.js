// Small browser helpers for the portal; nothing here holds data or decides anything.
window.portal = {
  // The theme choice is a per-browser preference, so it lives in localStorage.
  getTheme: () => window.localStorage.getItem("portal-theme"),
  setTheme: (value) => window.localStorage.setItem("portal-theme", value),
  prefersDark: () => window.matchMedia("(prefers-color-scheme: dark)").matches,
};
