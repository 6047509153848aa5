// Injected by hashed_site.sh as an inline classic <script> at the top of <head> of each page
// of the test's copy of a site (never into the committed fixture). It records every failed
// load the page itself can see, triggers the lazy code paths, and leaves a JSON report in
// <pre id="kiln-harness"> for `chromium --dump-dom` to carry out:
//   failures   resource error events (a 404 <script>/<link>, an integrity mismatch), script
//              errors, unhandled promise rejections (a failed dynamic import()), failed fonts
//   text       document.body.innerText once everything has run
//   resources  every URL the page fetched (Resource Timing), for the set comparison
(() => {
  const failures = [];
  addEventListener("error", (e) => {
    const t = e.target;
    if (t && t !== window && (t.src || t.href)) failures.push(`load failed: <${t.localName}> ${t.src || t.href}`);
    else failures.push(`script error: ${e.message} at ${e.filename}:${e.lineno}`);
  }, true);
  addEventListener("unhandledrejection", (e) => {
    failures.push(`unhandled rejection: ${e.reason && e.reason.message ? e.reason.message : e.reason}`);
  });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  // Waits until no new resource has been fetched for `quiet` ms (bounded).
  async function settle(quiet = 300, limit = 5000) {
    let count = -1;
    for (let waited = 0; waited < limit; waited += quiet) {
      const now = performance.getEntriesByType("resource").length;
      if (now === count) return;
      count = now;
      await sleep(quiet);
    }
  }
  addEventListener("load", async () => {
    await settle();
    // Lazy paths: a click on every button (the fixture's chart chunk is a dynamic import).
    for (const b of document.querySelectorAll("button")) b.click();
    await settle();
    await document.fonts.ready;
    // A font that was requested but did not arrive shows as "error" only if its bytes were
    // missing; the fixture's placeholder font fails to decode either way, so fonts are
    // reported (and compared before/after), and 404s are caught by the server's log.
    const fonts = [...document.fonts].map((f) => `${f.family}:${f.status}`);
    const report = {
      failures,
      text: document.body.innerText,
      fonts,
      resources: performance.getEntriesByType("resource").map((r) => new URL(r.name).pathname).sort(),
    };
    const pre = document.createElement("pre");
    pre.id = "kiln-harness";
    pre.textContent = JSON.stringify(report);
    document.body.append(pre);
  });
})();
