const STORAGE = "dte.theme";
const SYSTEM = matchMedia("(prefers-color-scheme: dark)");

type Theme = "light" | "dark";

function set(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

export function currentTheme(): Theme {
  return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
}

/** The theme chosen with the toggle, else the system's, following the system until a choice is made. */
export function applyTheme(onChange: () => void): void {
  const saved = localStorage.getItem(STORAGE);
  set(saved === "light" || saved === "dark" ? saved : SYSTEM.matches ? "dark" : "light");
  SYSTEM.addEventListener("change", () => {
    if (localStorage.getItem(STORAGE)) return;
    set(SYSTEM.matches ? "dark" : "light");
    onChange();
  });
}

export function toggleTheme(): void {
  const next = currentTheme() === "dark" ? "light" : "dark";
  set(next);
  localStorage.setItem(STORAGE, next);
}
