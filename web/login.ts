import { Api, ApiError } from "./api.js";
import { h } from "./dom.js";

/** The login form: a key with the read scope (admin to edit dashboards), checked against the API before use. */
export function loginForm(onLogin: (api: Api) => void, message?: string): HTMLElement {
  const input = h("input", {
    id: "key",
    name: "key",
    type: "password",
    autocomplete: "off",
    required: true,
    spellcheck: "false",
  });
  const status = h("p", { class: "login-status", role: "alert" }, message ?? "");
  const form = h(
    "form",
    { class: "login" },
    h("h1", {}, "Deep Tree Echo Analytics"),
    h("p", {}, "Log in with an API key with the read scope. Editing dashboards needs an admin key."),
    h("label", { for: "key" }, "API key"),
    input,
    h("button", { type: "submit", class: "primary" }, "Log in"),
    status,
    h(
      "p",
      { class: "note" },
      "The key is kept for this browser tab only. A link of the form /dashboard#key=… logs in too.",
    ),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const api = new Api(input.value.trim());
    status.textContent = "Checking the key…";
    try {
      await api.request("/dashboards");
      onLogin(api);
    } catch (err) {
      status.textContent =
        err instanceof ApiError && err.status === 403
          ? "This key cannot read analytics (it needs the read scope)."
          : `Not logged in: ${(err as Error).message}`;
    }
  });
  queueMicrotask(() => input.focus());
  return form;
}
