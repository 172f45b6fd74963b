(function () {
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  var status = document.body.dataset;
  if (typeof mermaid === "undefined") {
    status.mermaid = "missing";
    return;
  }
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
  mermaid
    .run({ querySelector: "pre.mermaid" })
    .then(function () { status.mermaid = "rendered"; })
    .catch(function (error) {
      status.mermaid = "error";
      status.mermaidError = String((error && error.message) || error);
      console.error(error);
    });
})();
