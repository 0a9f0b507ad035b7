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
