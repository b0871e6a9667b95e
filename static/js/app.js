// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
  watchSessionIdle();
});

// Warn before the session's idle limit ends it, and let the user keep it alive.
function watchSessionIdle() {
  const warning = document.getElementById("session-warning");
  if (!warning) return;
  const idle = Number(warning.dataset.idleSeconds) * 1000;
  const lead = Number(warning.dataset.warningSeconds) * 1000;
  let warnTimer;
  let endTimer;
  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warning.hidden = true;
    warnTimer = setTimeout(() => {
      warning.hidden = false;
      warning.querySelector("button").focus();
    }, Math.max(idle - lead, 0));
    endTimer = setTimeout(() => {
      window.location.assign(warning.dataset.timeoutUrl);
    }, idle);
  };
  const form = warning.querySelector("form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      redirect: "manual",
    });
    if (response.type === "opaqueredirect" || response.ok) schedule();
  });
  schedule();
}
